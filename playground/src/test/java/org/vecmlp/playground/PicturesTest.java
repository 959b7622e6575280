package org.vecmlp.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.playground.pictures.Charts;
import org.vecmlp.playground.pictures.HeatMaps;
import org.vecmlp.playground.pictures.PlaygroundPictures;

/** The pictures: every file written and readable, the index naming each, the lessons' figures saying the lesson. */
class PicturesTest {
    @TempDir
    static Path dir;
    static PlaygroundPictures.Result result;

    @BeforeAll
    static void writeAQuickSet() throws Exception {
        System.setProperty("java.awt.headless", "true");
        result = PlaygroundPictures.write(dir, 0.05, BackendProvider.bestSerial());
    }

    @Test
    void everyFigureIsAPngTheIndexShows() throws Exception {
        String index = Files.readString(dir.resolve("index.html"));
        assertTrue(result.figures().size() >= 20, "figures: " + result.figures().size());
        for (PlaygroundPictures.Figure f : result.figures()) {
            BufferedImage image = ImageIO.read(dir.resolve(f.file()).toFile());
            assertNotNull(image, f.file() + " is not a readable image");
            assertTrue(image.getWidth() >= 400 && image.getHeight() >= 250, f.file() + " is too small");
            assertTrue(index.contains("src=\"" + f.file() + "\""), "index.html does not show " + f.file());
        }
        for (String required : List.of("boundaries.png", "activation.png", "depth.png", "width.png", "l1.png",
                "l2.png", "learning-rate.png", "noise.png", "batch-size.png", "features.png", "vanishing-sigmoid.png",
                "vanishing-tanh.png", "vanishing-relu.png", "vanishing-ratio.png", "bias-variance-depth.png",
                "bias-variance-width.png", "bias-variance-l2.png", "l1-sparsity.png", "optimisation-batch.png",
                "optimisation-optimizers.png")) {
            assertTrue(Files.exists(dir.resolve(required)), required);
        }
        JsonObject summary = JsonParser.parseString(Files.readString(dir.resolve("summary.json"))).getAsJsonObject();
        assertEquals(result.numbers().size(), summary.getAsJsonObject("numbers").size());
    }

    @Test
    void sigmoidGradientsVanishWhereReluOnesDoNot() {
        double sigmoid = result.numbers().get("vanishing.sigmoid.depth10.firstToLastRatio");
        double relu = result.numbers().get("vanishing.relu.depth10.firstToLastRatio");
        double tanh = result.numbers().get("vanishing.tanh.depth10.firstToLastRatio");
        assertTrue(sigmoid < 1e-3, "sigmoid first/last gradient norm at depth 10: " + sigmoid);
        assertTrue(relu > 0.1 && tanh > 0.1, "relu " + relu + ", tanh " + tanh);
        assertTrue(result.numbers().get("vanishing.sigmoid.depth2.firstToLastRatio")
                > result.numbers().get("vanishing.sigmoid.depth6.firstToLastRatio"), "the ratio falls with depth");
    }

    @Test
    void l1ZeroesMoreWeightsAsItsRateGrows() {
        assertEquals(0.0, result.numbers().get("l1.zeroShare.lambda0"));
        assertTrue(result.numbers().get("l1.zeroShare.lambda0.3") > result.numbers().get("l1.zeroShare.lambda0.001"));
    }

    @Test
    void chartsHaveTheSeriesAndAxesAsked() {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("a", new double[][]{{1, 2, 3}, {1e-6, 1e-3, 1}});
        series.put("b", new double[][]{{1, 2, 3}, {0, 2, 3}}); // 0 cannot be drawn on a log axis: left out
        JFreeChart log = Charts.lines("t", "x", "y", null, true, series);
        XYPlot plot = log.getXYPlot();
        assertEquals(2, plot.getDataset().getSeriesCount());
        assertEquals(2, plot.getDataset().getItemCount(1));
        LogAxis y = assertInstanceOf(LogAxis.class, plot.getRangeAxis());
        assertTrue(y.getLowerBound() <= 1e-6 && y.getUpperBound() >= 3, y.getRange().toString());
        JFreeChart categories = Charts.lines("t", "λ", "loss", List.of("0", "0.1", "1"), false, series);
        SymbolAxis x = assertInstanceOf(SymbolAxis.class, categories.getXYPlot().getDomainAxis());
        assertEquals(List.of("0", "0.1", "1"), List.of(x.getSymbols()));
    }

    @Test
    void theColourScaleIsThePlaygroundsDivergingOne() {
        assertEquals(0xf59322, HeatMaps.color(-1, false).getRGB() & 0xffffff);
        assertEquals(0x0877bd, HeatMaps.color(5, false).getRGB() & 0xffffff);
        assertEquals(0xe8eaeb, HeatMaps.color(0, false).getRGB() & 0xffffff);
        assertEquals(0x0877bd, HeatMaps.color(0.01, true).getRGB() & 0xffffff);
    }

    @Test
    void effortOutsideItsRangeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlaygroundPictures.write(dir.resolve("x"), 0, BackendProvider.bestSerial()));
        assertEquals("effort must be in (0, 1], got 0.0", e.getMessage());
    }
}
