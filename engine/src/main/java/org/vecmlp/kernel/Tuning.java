package org.vecmlp.kernel;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The SIMD GEMM's tuning: its {@link GemmBlocking} and the cut-offs below which products skip packing. Tuning never
 * changes a result (see {@link GemmBlocking}), so any tuning file is safe to use on any machine; a wrong one is only
 * slower.
 *
 * <p>Which tuning is in force, decided once per JVM: the file named by the system property {@value #PROPERTY}; else
 * {@code $XDG_CONFIG_HOME/vecmlp/tuning.properties} (default {@code ~/.config/vecmlp/tuning.properties}) when it
 * exists, as {@code vecmlp tune} writes it; else the built-in row for this CPU ({@link TuningDefaults}).
 * {@code -D}{@value #PROPERTY}{@code =builtin} ignores any file. A file that cannot be read or parsed is an error
 * naming it, never silently skipped.
 *
 * @param blocking       the register tile and cache blocks
 * @param directMaxFlops products of at most this many multiply-adds (m·n·k) run the plain loops
 * @param directMaxNk    products whose n×k operand has at most this many elements run the plain loops
 * @param source         where it came from, for {@code vecmlp info} and reports
 */
public record Tuning(GemmBlocking blocking, long directMaxFlops, long directMaxNk, String source) {
    /** The system property naming a tuning file, or {@code builtin}. */
    public static final String PROPERTY = "vecmlp.tuning";

    private static final String KERNEL = "kernel", MC = "mc", KC = "kc", NC = "nc";
    private static final String DIRECT_FLOPS = "direct.max.multiply-adds", DIRECT_NK = "direct.max.nk";
    private static final String CPU = "measured.cpu", VECTOR_BITS = "measured.vector.bits", DATE = "measured.at";
    private static final Set<String> KEYS = Set.of(KERNEL, MC, KC, NC, DIRECT_FLOPS, DIRECT_NK, CPU, VECTOR_BITS, DATE);

    /** Checks that the cut-offs are not negative and there is a source. */
    public Tuning {
        java.util.Objects.requireNonNull(blocking, "blocking");
        java.util.Objects.requireNonNull(source, "source");
        if (directMaxFlops < 0 || directMaxNk < 0) {
            throw new IllegalArgumentException("negative cut-off");
        }
    }

    private static final class Requested {
        /** The tuning file's tuning, empty for the built-in table, or a String saying why the file is unusable. */
        static final Object FILE = resolveFile(System.getProperty(PROPERTY), defaultFile());
    }

    /**
     * The tuning for this JVM's SIMD kernels on {@code vectorBits}-bit vectors.
     *
     * @param vectorBits the SIMD kernels' vector width
     * @return the tuning: the file's when one is in force, else the built-in row for this CPU
     * @throws IllegalArgumentException naming the file (and the property, when it named it) that cannot be used
     */
    public static Tuning inForce(int vectorBits) {
        return requested().orElseGet(() -> TuningDefaults.forCpu(Cpu.current(), vectorBits));
    }

    /** {@return the tuning read from a file for this JVM, or empty when the built-in table applies; throws as inForce} */
    @SuppressWarnings("unchecked")
    public static Optional<Tuning> requested() {
        if (Requested.FILE instanceof String why) {
            throw new IllegalArgumentException(why);
        }
        return (Optional<Tuning>) Requested.FILE;
    }

    /**
     * {@return the built-in tuning for a CPU and vector width, whatever file is in force}
     *
     * @param cpu               the CPU
     * @param vectorBits the SIMD kernels' vector width
     */
    public static Tuning builtIn(Cpu cpu, int vectorBits) {
        return TuningDefaults.forCpu(cpu, vectorBits);
    }

    /** {@return where {@code vecmlp tune} writes by default and where the engine looks when the property is not set} */
    public static Path defaultFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("vecmlp").resolve("tuning.properties");
    }

    static Object resolveFile(String property, Path defaultFile) {
        try {
            if (property != null && !property.isBlank()) {
                if (property.trim().equals("builtin")) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(load(Path.of(property.trim())));
                } catch (IllegalArgumentException e) {
                    return "-D" + PROPERTY + "=" + property + ": " + e.getMessage();
                }
            }
            return Files.exists(defaultFile) ? Optional.of(load(defaultFile)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Reads a tuning file ({@code key=value} lines as {@link #toProperties} writes them).
     *
     * @param file a tuning file
     * @return the tuning it holds
     * @throws IllegalArgumentException naming the file, and the key when a value is wrong
     */
    public static Tuning load(Path file) {
        Properties p = new Properties();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.length() > 1 << 16) {
                throw new IllegalArgumentException(file + ": " + text.length() + " characters is not a tuning file");
            }
            p.load(new StringReader(text));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such tuning file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": cannot read the tuning file: " + e.getMessage());
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "' (expected " + KERNEL + ", "
                        + MC + ", " + KC + ", " + NC + ", " + DIRECT_FLOPS + ", " + DIRECT_NK + ", measured.*)");
            }
        }
        try {
            GemmBlocking blocking = GemmBlocking.of(required(p, KERNEL, file), number(p, MC, file),
                    number(p, KC, file), number(p, NC, file));
            long flops = p.containsKey(DIRECT_FLOPS) ? number(p, DIRECT_FLOPS, file) : TuningDefaults.DIRECT_FLOPS;
            long nk = p.containsKey(DIRECT_NK) ? number(p, DIRECT_NK, file) : TuningDefaults.DIRECT_NK;
            String measured = p.getProperty(CPU);
            return new Tuning(blocking, flops, nk, "file " + file + (measured == null ? "" : " (measured on "
                    + measured + ", " + p.getProperty(VECTOR_BITS, "?") + "-bit vectors)"));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new IllegalArgumentException(file + ": "
                    + e.getMessage());
        }
    }

    /**
     * {@return the tuning as a file's text, with where and when it was measured}
     *
     * @param cpu               the CPU it was measured on
     * @param vectorBits the vector width it was measured with
     * @param measuredAt when, as an ISO-8601 date and time
     */
    public String toProperties(Cpu cpu, int vectorBits, String measuredAt) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put(KERNEL, blocking.shape());
        lines.put(MC, Integer.toString(blocking.mc()));
        lines.put(KC, Integer.toString(blocking.kc()));
        lines.put(NC, Integer.toString(blocking.nc()));
        lines.put(DIRECT_FLOPS, Long.toString(directMaxFlops));
        lines.put(DIRECT_NK, Long.toString(directMaxNk));
        lines.put(CPU, cpu.toString());
        lines.put(VECTOR_BITS, Integer.toString(vectorBits));
        lines.put(DATE, measuredAt);
        StringBuilder text = new StringBuilder("# vecmlp SIMD GEMM tuning, written by `vecmlp tune`. Tuning changes "
                + "speed only: every kernel and block size gives the same bits.\n");
        lines.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")
                .replace("\n", " ")).append('\n'));
        return text.toString();
    }

    @Override
    public String toString() {
        return blocking + " direct<=" + directMaxFlops + " multiply-adds or n*k<=" + directMaxNk + " (" + source + ")";
    }

    private static String required(Properties p, String key, Path file) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(file + ": missing '" + key + "'");
        }
        return value.trim();
    }

    private static int number(Properties p, String key, Path file) {
        String value = required(p, key, file);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + key + "=" + value + " is not a whole number");
        }
    }
}
