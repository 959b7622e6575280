package org.vecmlp.playground.pictures;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The pictures' {@code index.html} (sections, captions, the figures quoted) and {@code summary.json}. */
final class IndexPage {
    private IndexPage() {
    }

    private static final Map<String, String> EXPLANATIONS = Map.of(
            "Vanishing gradients", "Backpropagation multiplies the gradient, layer by layer, by each activation's "
                    + "derivative; a sigmoid's derivative is at most 0.25, so ten sigmoid layers can shrink it by "
                    + "0.25<sup>10</sup> ≈ 10<sup>−6</sup> and the first layers barely learn. ReLU passes the gradient "
                    + "unchanged where a unit is active, and tanh's derivative reaches 1 at zero, so their first layers "
                    + "keep learning.",
            "Bias and variance", "A model with too little capacity misses the pattern (bias: both losses high); one "
                    + "with too much for the data learns the noise (variance: training loss low, test loss high). "
                    + "Depth, width and the L2 rate move a network between the two.");

    static void write(Path dir, PlaygroundPictures.Result result, double effort) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>vecmlp playground: the "
                + "lessons in pictures</title>\n<style>body{font-family:sans-serif;max-width:1500px;margin:1em auto;"
                + "padding:0 1em;color:#222}img{max-width:100%;border:1px solid #ddd}figure{margin:1em 0}"
                + "figcaption{max-width:70em}.row{display:flex;flex-wrap:wrap;gap:1em}.row figure{flex:1 1 30em}"
                + "</style></head><body>\n<h1>vecmlp playground: the lessons in pictures</h1>\n<p>Every picture "
                + "was trained on the vecmlp engine by <code>scripts/vecmlp playground --out DIR</code>");
        if (effort < 1) {
            b.append(String.format(Locale.ROOT, " at %.0f%% of the full epochs (a quick look, not the published set)",
                    100 * effort));
        }
        b.append(". The live page: <code>scripts/vecmlp playground --serve</code>.</p>\n");
        String section = null;
        boolean row = false;
        for (PlaygroundPictures.Figure f : result.figures()) {
            if (!f.section().equals(section)) {
                if (row) {
                    b.append("</div>\n");
                }
                section = f.section();
                b.append("<h2>").append(PlaygroundPictures.html(section)).append("</h2>\n");
                if (EXPLANATIONS.containsKey(section)) {
                    b.append("<p>").append(EXPLANATIONS.get(section)).append("</p>\n");
                }
                row = f.file().endsWith(".png") && !f.section().equals("Decision boundaries")
                        && !f.section().equals("One setting at a time");
                if (row) {
                    b.append("<div class=\"row\">\n");
                }
            }
            b.append("<figure><img src=\"").append(f.file()).append("\" alt=\"")
                    .append(PlaygroundPictures.html(f.title())).append("\"><figcaption><b>")
                    .append(PlaygroundPictures.html(f.title())).append(".</b> ")
                    .append(PlaygroundPictures.html(f.caption())).append("</figcaption></figure>\n");
        }
        if (row) {
            b.append("</div>\n");
        }
        b.append("<h2>Figures quoted</h2>\n<table>\n");
        Map<String, Double> sorted = new TreeMap<>(result.numbers());
        for (Map.Entry<String, Double> e : sorted.entrySet()) {
            b.append("<tr><td><code>").append(PlaygroundPictures.html(e.getKey())).append("</code></td><td>")
                    .append(String.format(Locale.ROOT, "%.4g", e.getValue())).append("</td></tr>\n");
        }
        b.append("</table>\n</body></html>\n");
        PlaygroundPictures.writeText(dir.resolve("index.html"), b.toString());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("effort", effort);
        json.put("figures", result.figures());
        json.put("numbers", sorted);
        PlaygroundPictures.writeText(dir.resolve("summary.json"),
                new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json) + "\n");
    }
}
