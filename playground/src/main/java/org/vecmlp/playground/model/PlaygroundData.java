package org.vecmlp.playground.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vecmlp.playground.data.PlaygroundSets;
import org.vecmlp.playground.data.Point;
import org.vecmlp.playground.data.Problem;

/**
 * A playground run's points, split as the playground splits them: shuffled once with the seed, the first
 * {@code percTrainData} per cent to train on, the rest to test.
 *
 * @param problem what the labels mean
 * @param train   the training points, in the order the parity mode visits them
 * @param test    the test points
 */
public record PlaygroundData(Problem problem, List<Point> train, List<Point> test) {
    /** Copies the lists and checks that both parts have points. */
    public PlaygroundData {
        train = List.copyOf(train);
        test = List.copyOf(test);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("the training part is empty: raise percTrainData or add points");
        }
    }

    /**
     * {@return 0 for regression, 2 for two classes (labels ±1), else the class count C of labels 0 … C−1 (the
     * largest label + 1)}
     */
    public int classes() {
        if (problem != Problem.CLASSIFICATION) {
            return 0;
        }
        double max = -1;
        for (List<Point> part : List.of(train, test)) {
            for (Point p : part) {
                max = Math.max(max, p.label());
            }
        }
        return max >= 2 ? (int) max + 1 : 2;
    }

    /**
     * The built-in set the settings name, or {@code custom} points, shuffled and split.
     *
     * @param settings the data set, noise, seed and training share
     * @param custom   the uploaded points, used when the set is {@code custom}; may be null otherwise
     * @return the split data
     */
    public static PlaygroundData of(Settings settings, List<Point> custom) {
        SplittableRandom random = new SplittableRandom(Seeds.of(settings.seed(), "data"));
        List<Point> points;
        if ("custom".equals(settings.dataName())) {
            if (custom == null) {
                throw new SettingsException(settings.problem() == Problem.CLASSIFICATION ? "dataset" : "regDataset",
                        "custom data: no points uploaded yet (send a CSV of x1,x2,label rows first)");
            }
            points = new ArrayList<>(custom);
        } else {
            points = new ArrayList<>(PlaygroundSets.generate(settings.dataName(), settings.noise() / 100.0, random,
                    settings.classes()));
        }
        for (int i = points.size() - 1; i > 0; i--) { // Fisher–Yates, as the playground's shuffle
            int j = random.nextInt(i + 1);
            Point t = points.get(i);
            points.set(i, points.get(j));
            points.set(j, t);
        }
        int split = points.size() * settings.percTrainData() / 100;
        return new PlaygroundData(settings.problem(), points.subList(0, split), points.subList(split, points.size()));
    }
}
