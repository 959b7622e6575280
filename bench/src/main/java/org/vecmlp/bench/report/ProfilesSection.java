package org.vecmlp.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run's profiles ({@code profiles/LABEL/}, written by scripts/profile.sh): links to each flame graph and, from
 * the collapsed stacks, the hottest frames by self time, each with the innermost vecmlp method under it.
 */
final class ProfilesSection {
    /** How many frames a profile's table lists. */
    static final int TOP = 6;

    private final Path dir;

    ProfilesSection(Path dir) {
        this.dir = dir;
    }

    /** One hot frame: its self-time share, the frame, the innermost engine frame on its stacks. */
    record Hot(double share, String frame, String engineFrame) {
    }

    /**
     * The hottest frames of one collapsed-stack file ({@code frame;frame;…;leaf COUNT} a line).
     *
     * @param collapsed the file
     * @return the frames by falling self time, at most {@link #TOP}, and the total sample count
     */
    static Map.Entry<Long, List<Hot>> hottest(Path collapsed) throws IOException {
        Map<String, long[]> self = new LinkedHashMap<>();
        Map<String, Map<String, Long>> under = new LinkedHashMap<>();
        long total = 0;
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long count;
            try {
                count = Long.parseLong(line.substring(space + 1).strip());
            } catch (NumberFormatException e) {
                continue;
            }
            String[] frames = line.substring(0, space).split(";");
            String leaf = frames[frames.length - 1].replaceAll("_\\[[a-z]\\]$", "");
            String engine = "";
            for (int i = frames.length - 1; i >= 0; i--) {
                if (frames[i].startsWith("org/vecmlp/")) {
                    engine = frames[i].replaceAll("_\\[[a-z]\\]$", "");
                    break;
                }
            }
            total += count;
            self.computeIfAbsent(leaf, k -> new long[1])[0] += count;
            under.computeIfAbsent(leaf, k -> new LinkedHashMap<>()).merge(engine, count, Long::sum);
        }
        long all = total;
        List<Hot> hot = self.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(TOP).map(e -> new Hot((double) e.getValue()[0] / all, e.getKey(),
                        under.get(e.getKey()).entrySet().stream().max(Map.Entry.comparingByValue())
                                .map(Map.Entry::getKey).orElse(""))).toList();
        return Map.entry(total, hot);
    }

    void append(StringBuilder md) throws IOException {
        Path profiles = dir.resolve("profiles");
        if (!Files.isDirectory(profiles)) {
            return;
        }
        List<Path> collapsed;
        try (Stream<Path> files = Files.walk(profiles)) {
            collapsed = files.filter(p -> p.getFileName().toString().startsWith("collapsed-")).sorted().toList();
        }
        if (collapsed.isEmpty()) {
            return;
        }
        md.append("## Profiles (async-profiler)\n\nFrom `scripts/profile.sh` in this run: for each profile, its flame "
                + "graphs (forward: callers at the bottom; reverse: the hottest frames at the bottom), and the frames "
                + "with the most self time, each with the innermost vecmlp method on its stacks. The command, the "
                + "event and why it was chosen are in each profile's `profile.txt`.\n\n");
        for (Path c : collapsed) {
            Path folder = c.getParent();
            String label = profiles.relativize(folder).getName(0).toString();
            Map.Entry<Long, List<Hot>> hot = hottest(c);
            md.append("### ").append(label).append(" (").append(hot.getKey()).append(" samples)\n\n");
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith("flame-")).sorted().toList()) {
                    md.append("[").append(f.getFileName()).append("](").append(dir.relativize(f).toString()
                            .replace(" ", "%20")).append(") ");
                }
            }
            md.append("\n\n| self time | frame | vecmlp method under it |\n|---:|---|---|\n");
            for (Hot h : hot.getValue()) {
                md.append(String.format(Locale.ROOT, "| %.1f%% | `%s` | `%s` |%n", 100 * h.share(), h.frame(),
                        h.engineFrame()));
            }
            md.append('\n');
        }
    }
}
