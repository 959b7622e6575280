package org.vecmlp.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vecmlp.playground.data.Feature;
import org.vecmlp.playground.data.PlaygroundSets;
import org.vecmlp.playground.data.Point;
import org.vecmlp.playground.data.PointsCsv;
import org.vecmlp.playground.data.Problem;
import org.vecmlp.playground.model.Mode;
import org.vecmlp.playground.model.PlaygroundData;
import org.vecmlp.playground.model.Settings;
import org.vecmlp.playground.model.SettingsException;

/** The playground's data sets, uploads and settings, against what TensorFlow Playground does and says. */
class DataAndSettingsTest {
    @Test
    void theSetsHaveThePlaygroundsSizesLabelsAndShapes() {
        for (String name : PlaygroundSets.CLASSIFICATION) {
            List<Point> points = PlaygroundSets.generate(name, 0, new SplittableRandom(1));
            assertEquals(500, points.size(), name);
            assertTrue(points.stream().allMatch(p -> p.label() == 1 || p.label() == -1), name);
            long positive = points.stream().filter(p -> p.label() == 1).count();
            if (name.equals("xor")) {
                assertTrue(positive > 200 && positive < 300, "xor's labels follow uniform points: " + positive);
            } else {
                assertEquals(250, positive, name + " makes half of each class");
            }
        }
        for (Point p : PlaygroundSets.generate("circle", 0, new SplittableRandom(2))) {
            double r = Math.hypot(p.x(), p.y());
            assertTrue(p.label() == 1 ? r <= 2.5 : r >= 3.5 && r <= 5, "circle point at radius " + r);
        }
        for (Point p : PlaygroundSets.generate("xor", 0, new SplittableRandom(3))) {
            assertEquals(p.x() * p.y() >= 0 ? 1.0 : -1.0, p.label());
            assertTrue(Math.abs(p.x()) >= 0.3 && Math.abs(p.y()) >= 0.3, "kept off the axes");
        }
        for (String name : PlaygroundSets.REGRESSION) {
            List<Point> points = PlaygroundSets.generate(name, 0, new SplittableRandom(4));
            assertEquals(1200, points.size());
            assertTrue(points.stream().allMatch(p -> Math.abs(p.label()) <= 1.2 && Math.abs(p.x()) <= 6), name);
        }
        assertEquals(0.0, PlaygroundSets.generate("reg-plane", 0, new SplittableRandom(5)).stream()
                .mapToDouble(p -> Math.abs(p.label() - (p.x() + p.y()) / 10)).max().orElseThrow(), 1e-12);
        long flipped = PlaygroundSets.generate("circle", 0.5, new SplittableRandom(2)).stream()
                .filter(p -> (Math.hypot(p.x(), p.y()) < 2.5) != (p.label() > 0)).count();
        assertTrue(flipped > 10, "noise labels some points by their moved position: " + flipped);
    }

    @Test
    void theSplitIsSeededAndFollowsTheTrainingShare() {
        Settings s = Settings.parse("percTrainData=70&seed=abc", Settings.DEFAULT);
        PlaygroundData a = PlaygroundData.of(s, null);
        assertEquals(350, a.train().size());
        assertEquals(150, a.test().size());
        assertEquals(a, PlaygroundData.of(s, null), "the same seed, the same points and split");
        assertNotEquals(a, PlaygroundData.of(Settings.parse("seed=abd", s), null));
    }

    @Test
    void aTensorFlowPlaygroundLinkLoadsAndTheQueryRoundTrips() {
        String tf = "#activation=relu&batchSize=3&dataset=spiral&regDataset=reg-plane&learningRate=0.01"
                + "&regularizationRate=0.001&noise=15&networkShape=8,8,5&seed=0.74125&showTestData=true"
                + "&discretize=false&percTrainData=60&x=true&y=true&xTimesY=false&xSquared=true&ySquared=true"
                + "&cosX=false&sinX=true&cosY=false&sinY=true&collectStats=false&problem=classification"
                + "&initZero=false&hideText=false&regularization=L2";
        Settings s = Settings.parse(tf, Settings.DEFAULT);
        assertEquals("relu", s.activation());
        assertEquals(List.of(8, 8, 5), s.networkShape());
        assertEquals(List.of(Feature.X1, Feature.X2, Feature.X1_SQUARED, Feature.X2_SQUARED, Feature.SIN_X1,
                Feature.SIN_X2), s.featureList());
        assertEquals("0.74125", s.seed());
        assertEquals(0.001, s.effectiveRegularizationRate());
        assertEquals(Mode.PARITY, s.mode());
        assertEquals(s, Settings.parse(s.toQuery(), Settings.DEFAULT));
        assertEquals(Settings.DEFAULT, Settings.parse("", Settings.DEFAULT));
    }

    @Test
    void badSettingsNameTheSettingAndItsValues() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.parse("learningRate=0.5", Settings.DEFAULT));
        assertEquals("learningRate", e.parameter());
        assertEquals("learningRate: 0.5 is not one of 0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10",
                e.getMessage());
        assertEquals("networkShape: 11 hidden layers; at most 10", assertThrows(SettingsException.class,
                () -> Settings.parse("networkShape=1,1,1,1,1,1,1,1,1,1,1", Settings.DEFAULT)).getMessage());
        assertEquals("layerActivations: 1 activations for 2 hidden layers", assertThrows(SettingsException.class,
                () -> Settings.parse("layerActivations=relu", Settings.DEFAULT)).getMessage());
        assertEquals("noise: 7 is not one of 0, 5, … 50", assertThrows(SettingsException.class,
                () -> Settings.parse("noise=7", Settings.DEFAULT)).getMessage());
        assertEquals("showTestData: 'yes' is not true or false", assertThrows(SettingsException.class,
                () -> Settings.parse("showTestData=yes", Settings.DEFAULT)).getMessage());
        assertEquals("seed: 'a b' must be 1 to 40 letters, digits or dots", assertThrows(SettingsException.class,
                () -> Settings.parse("seed=a%20b", Settings.DEFAULT)).getMessage());
        assertEquals("query: bad percent-encoding in '%zz'", assertThrows(SettingsException.class,
                () -> Settings.parse("seed=%zz", Settings.DEFAULT)).getMessage());
    }

    @Test
    void uploadsAreCheckedAndNamedByLine() {
        List<Point> p = PointsCsv.parse("d.csv", "x1,x2,y\n\n1,2,0\n-1,-2,1\n3,4,-1\n0,0,1\n", Problem.CLASSIFICATION);
        assertEquals(List.of(new Point(1, 2, -1), new Point(-1, -2, 1), new Point(3, 4, -1), new Point(0, 0, 1)), p);
        assertEquals(0.25, PointsCsv.parse("d.csv", "1,2,0.25\n1,2,3\n1,2,0\n1,1,1", Problem.REGRESSION).get(0)
                .label());
        assertEquals("d.csv line 2: expected 3 numbers (x1,x2,label), found 2 fields", assertThrows(
                IllegalArgumentException.class, () -> PointsCsv.parse("d.csv", "1,2,1\n1,2\n", Problem.CLASSIFICATION))
                .getMessage());
        assertEquals("d.csv line 1: x1 is not finite: Infinity", assertThrows(IllegalArgumentException.class,
                () -> PointsCsv.parse("d.csv", "Infinity,2,1\n", Problem.CLASSIFICATION)).getMessage());
        assertEquals("d.csv: 2 data rows; at least 4 are needed", assertThrows(IllegalArgumentException.class,
                () -> PointsCsv.parse("d.csv", "1,2,1\n2,1,0\n", Problem.CLASSIFICATION)).getMessage());
    }
}
