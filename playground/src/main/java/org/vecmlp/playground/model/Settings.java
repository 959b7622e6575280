package org.vecmlp.playground.model;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.vecmlp.playground.data.Feature;
import org.vecmlp.playground.data.PlaygroundSets;
import org.vecmlp.playground.data.Problem;

/**
 * Everything a playground run is set up with, checked on construction. The names and values are TensorFlow
 * Playground's own ({@code learningRate=0.03&activation=tanh&networkShape=4,2&x=true…}), so a link to the original
 * loads here; the extras ({@code mode}, {@code layerActivations}, {@code loss}, {@code optimizer}, {@code epochs},
 * {@code stopLoss}, {@code speed}) say how this engine trains beyond it.
 *
 * @param problem            classification or regression
 * @param dataset            the classification set, or {@code custom} for uploaded data
 * @param regDataset         the regression set, or {@code custom}
 * @param learningRate       one of {@link #LEARNING_RATES}
 * @param activation         the hidden layers' activation: one of {@link #ACTIVATIONS}
 * @param layerActivations   one activation per hidden layer, overriding {@code activation}; empty for none
 * @param regularization     none, L1 or L2
 * @param regularizationRate one of {@link #REGULARIZATION_RATES}
 * @param percTrainData      the training share in per cent: 10, 20, … 90
 * @param noise              the noise in per cent: 0, 5, … 50
 * @param batchSize          1 to 30
 * @param networkShape       the hidden layers' widths: 0 to 10 layers of 1 to 8 neurons
 * @param features           the input features switched on (at least one)
 * @param seed               the data and weight seed: letters, digits and dots, 1 to 40 of them
 * @param showTestData       whether views draw the test points
 * @param discretize         whether views draw the output as two classes
 * @param mode               parity (TensorFlow Playground's rules) or engine
 * @param loss               the engine mode's classification loss: bce (sigmoid output) or mse (tanh output)
 * @param optimizer          the engine mode's optimizer: sgd, momentum, nesterov or adam
 * @param epochs             stop after this many epochs; 0 for no limit (up to {@link #MAX_EPOCHS})
 * @param stopLoss           stop when the training loss falls to this value; 0 for never
 * @param speed              epochs trained per frame of the live page, 1 to 50
 * @param classes            the classes of a multi-class set ({@link PlaygroundSets#MULTICLASS}), 3 to 6
 */
public record Settings(Problem problem, String dataset, String regDataset, double learningRate, String activation,
                       List<String> layerActivations, String regularization, double regularizationRate,
                       int percTrainData, int noise, int batchSize, List<Integer> networkShape, Set<Feature> features,
                       String seed, boolean showTestData, boolean discretize, Mode mode, String loss,
                       String optimizer, int epochs, double stopLoss, int speed, int classes) {

    /** The playground's learning rates. */
    public static final List<String> LEARNING_RATES = List.of("0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03",
            "0.1", "0.3", "1", "3", "10");
    /** The playground's regularisation rates. */
    public static final List<String> REGULARIZATION_RATES = List.of("0", "0.001", "0.003", "0.01", "0.03", "0.1",
            "0.3", "1", "3", "10");
    /** The hidden activations: the playground's four, and leaky ReLU (α = 0.01). */
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "linear", "leaky-relu");
    /** The regularisation kinds. */
    public static final List<String> REGULARIZATIONS = List.of("none", "L1", "L2");
    /** The engine mode's classification losses. */
    public static final List<String> LOSSES = List.of("bce", "mse");
    /** The engine mode's optimizers. */
    public static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "nesterov", "adam");
    /** At most this many hidden layers (6 in TensorFlow Playground; 10 here, for the vanishing-gradient lesson). */
    public static final int MAX_LAYERS = 10;
    /** At most this many neurons a hidden layer. */
    public static final int MAX_NEURONS = 8;
    /** At most this many epochs as a stop condition. */
    public static final int MAX_EPOCHS = 1_000_000;
    /** TensorFlow Playground's settings this page reads but has no use for: accepted and ignored. */
    public static final Set<String> IGNORED = Set.of("collectStats", "hideText", "initZero", "cosX", "cosY",
            "tutorial");

    /** The playground's opening state: circle, tanh, 4-2, learning rate 0.03, batch 10, half the data to train. */
    public static final Settings DEFAULT = new Settings(Problem.CLASSIFICATION, "circle", "reg-plane", 0.03, "tanh",
            List.of(), "none", 0, 50, 0, 10, List.of(4, 2), EnumSet.of(Feature.X1, Feature.X2), "0", false, false,
            Mode.PARITY, "bce", "sgd", 0, 0, 3, PlaygroundSets.MIN_CLASSES);

    /** Checks every value. */
    public Settings {
        check("problem", problem != null, "must be classification or regression");
        check("dataset", PlaygroundSets.CLASSIFICATION.contains(dataset) || PlaygroundSets.MULTICLASS.contains(dataset)
                || "custom".equals(dataset), "'" + dataset + "' is not one of " + String.join(", ",
                PlaygroundSets.CLASSIFICATION) + ", " + String.join(", ", PlaygroundSets.MULTICLASS) + ", custom");
        check("regDataset", PlaygroundSets.REGRESSION.contains(regDataset) || "custom".equals(regDataset),
                "'" + regDataset + "' is not one of " + String.join(", ", PlaygroundSets.REGRESSION) + ", custom");
        oneOf("learningRate", learningRate, LEARNING_RATES);
        check("activation", ACTIVATIONS.contains(activation),
                "'" + activation + "' is not one of " + String.join(", ", ACTIVATIONS));
        layerActivations = List.copyOf(layerActivations);
        networkShape = List.copyOf(networkShape);
        check("networkShape", networkShape.size() <= MAX_LAYERS,
                networkShape.size() + " hidden layers; at most " + MAX_LAYERS);
        for (int width : networkShape) {
            check("networkShape", width >= 1 && width <= MAX_NEURONS,
                    "a layer of " + width + " neurons; each has 1 to " + MAX_NEURONS);
        }
        for (String a : layerActivations) {
            check("layerActivations", ACTIVATIONS.contains(a),
                    "'" + a + "' is not one of " + String.join(", ", ACTIVATIONS));
        }
        check("layerActivations", layerActivations.isEmpty() || layerActivations.size() == networkShape.size(),
                layerActivations.size() + " activations for " + networkShape.size() + " hidden layers");
        check("regularization", REGULARIZATIONS.contains(regularization),
                "'" + regularization + "' is not one of none, L1, L2");
        oneOf("regularizationRate", regularizationRate, REGULARIZATION_RATES);
        check("percTrainData", percTrainData >= 10 && percTrainData <= 90 && percTrainData % 10 == 0,
                percTrainData + " is not one of 10, 20, … 90");
        check("noise", noise >= 0 && noise <= 50 && noise % 5 == 0, noise + " is not one of 0, 5, … 50");
        check("batchSize", batchSize >= 1 && batchSize <= 30, batchSize + " is not in 1 to 30");
        features = features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
        check("features", !features.isEmpty(), "no input feature is on; switch on at least one");
        check("seed", seed != null && seed.matches("[A-Za-z0-9.]{1,40}"),
                "'" + seed + "' must be 1 to 40 letters, digits or dots");
        check("mode", mode != null, "must be parity or engine");
        check("loss", LOSSES.contains(loss), "'" + loss + "' is not one of bce, mse");
        check("optimizer", OPTIMIZERS.contains(optimizer),
                "'" + optimizer + "' is not one of " + String.join(", ", OPTIMIZERS));
        check("epochs", epochs >= 0 && epochs <= MAX_EPOCHS, epochs + " is not in 0 (no limit) to " + MAX_EPOCHS);
        check("stopLoss", stopLoss >= 0 && Double.isFinite(stopLoss), stopLoss + " must be a number ≥ 0");
        check("speed", speed >= 1 && speed <= 50, speed + " is not in 1 to 50");
        check("classes", classes >= PlaygroundSets.MIN_CLASSES && classes <= PlaygroundSets.MAX_CLASSES,
                classes + " is not in " + PlaygroundSets.MIN_CLASSES + " to " + PlaygroundSets.MAX_CLASSES);
        check("mode", !(problem == Problem.CLASSIFICATION && PlaygroundSets.MULTICLASS.contains(dataset)
                && mode == Mode.PARITY), "TensorFlow Playground's rules (parity) train two classes; '" + dataset
                + "' has more, so it trains in engine mode (softmax and cross-entropy)");
    }

    private static void check(String parameter, boolean ok, String message) {
        if (!ok) {
            throw new SettingsException(parameter, parameter + ": " + message);
        }
    }

    private static void oneOf(String parameter, double value, List<String> allowed) {
        for (String a : allowed) {
            if (Double.parseDouble(a) == value) {
                return;
            }
        }
        throw new SettingsException(parameter, parameter + ": " + plain(value) + " is not one of "
                + String.join(", ", allowed));
    }

    private static String plain(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** {@return the set trained on: {@code dataset} or {@code regDataset}, as the problem says} */
    public String dataName() {
        return problem == Problem.CLASSIFICATION ? dataset : regDataset;
    }

    /** {@return the activation of each hidden layer} */
    public List<String> hiddenActivations() {
        if (!layerActivations.isEmpty()) {
            return layerActivations;
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < networkShape.size(); i++) {
            all.add(activation);
        }
        return all;
    }

    /** {@return the regularisation rate in force: 0 when regularization is none} */
    public double effectiveRegularizationRate() {
        return "none".equals(regularization) ? 0 : regularizationRate;
    }

    /** {@return the features switched on, in the playground's order} */
    public List<Feature> featureList() {
        return Feature.ALL.stream().filter(features::contains).toList();
    }

    /**
     * Reads settings from a URL query or hash ({@code key=value&key=value}, percent-encoded, a leading {@code #} or
     * {@code ?} allowed), starting from {@code base}: keys not given keep their value there.
     *
     * @param query the text
     * @param base  the values of keys not given
     * @return the settings
     * @throws SettingsException naming the first bad key or value
     */
    public static Settings parse(String query, Settings base) {
        Map<String, String> values = new LinkedHashMap<>();
        String q = query.startsWith("#") || query.startsWith("?") ? query.substring(1) : query;
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.put(key, value);
        }
        return from(values, base);
    }

    /**
     * What a shared link gives: the settings with every valid value of {@code query} applied, and the values refused.
     *
     * @param settings the settings in force after the link
     * @param refused  each refused value with why, in the link's order
     */
    public record LinkResult(Settings settings, List<SettingsException> refused) {
    }

    /**
     * Reads a link as a page opens it: each valid value is applied and each bad one is refused on its own, so one bad
     * value does not throw the whole link away (a value that fits alone but not with the others, such as more
     * activations than layers, is refused too and its setting keeps its value from {@code base}).
     *
     * @param query the link's hash or query
     * @param base  the values of keys not given or refused
     * @return the settings and what was refused
     */
    public static LinkResult parseLink(String query, Settings base) {
        Map<String, String> values = new LinkedHashMap<>();
        List<SettingsException> refused = new ArrayList<>();
        String q = query.startsWith("#") || query.startsWith("?") ? query.substring(1) : query;
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                new Builder(base).set(key, value); // the value's own form: a number, a known name
                values.put(key, value);
            } catch (SettingsException e) {
                refused.add(e);
            }
        }
        while (true) {
            try {
                return new LinkResult(from(values, base), List.copyOf(refused));
            } catch (SettingsException e) { // a range, or values that do not fit together
                refused.add(e);
                boolean dropped = values.keySet().removeIf(k -> k.equals(e.parameter())
                        || e.parameter().equals("features") && Feature.ALL.stream().anyMatch(f -> f.key().equals(k)));
                if (!dropped) {
                    if (e.parameter().equals("layerActivations")) {
                        values.put("layerActivations", ""); // the layers the link asks for, one activation for all
                    } else {
                        return new LinkResult(base, List.copyOf(refused));
                    }
                }
            }
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("query", "query: bad percent-encoding in '" + s + "'");
        }
    }

    /**
     * Settings from key-value pairs, starting from {@code base}.
     *
     * @param values the keys and values, as in URLs
     * @param base   the values of keys not given
     * @return the settings
     * @throws SettingsException naming the first bad key or value
     */
    public static Settings from(Map<String, String> values, Settings base) {
        Builder b = new Builder(base);
        for (Map.Entry<String, String> e : values.entrySet()) {
            b.set(e.getKey(), e.getValue());
        }
        return b.build();
    }

    /** {@return these settings as a URL hash or query, every key, in a fixed order} */
    public String toQuery() {
        return toMap().entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("%2C", ","))
                .collect(Collectors.joining("&"));
    }

    /** {@return every setting as text, keyed as in URLs, in a fixed order} */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("problem", problem.key());
        m.put("dataset", dataset);
        m.put("regDataset", regDataset);
        m.put("learningRate", plain(learningRate));
        m.put("activation", activation);
        m.put("layerActivations", String.join(",", layerActivations));
        m.put("regularization", regularization);
        m.put("regularizationRate", plain(regularizationRate));
        m.put("percTrainData", Integer.toString(percTrainData));
        m.put("noise", Integer.toString(noise));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("networkShape", networkShape.stream().map(String::valueOf).collect(Collectors.joining(",")));
        for (Feature f : Feature.ALL) {
            m.put(f.key(), Boolean.toString(features.contains(f)));
        }
        m.put("seed", seed);
        m.put("showTestData", Boolean.toString(showTestData));
        m.put("discretize", Boolean.toString(discretize));
        m.put("mode", mode.key());
        m.put("loss", loss);
        m.put("optimizer", optimizer);
        m.put("epochs", Integer.toString(epochs));
        m.put("stopLoss", plain(stopLoss));
        m.put("speed", Integer.toString(speed));
        m.put("classes", Integer.toString(classes));
        return m;
    }

    /** Builds settings key by key from a base, parsing each value as the URL form writes it. */
    static final class Builder {
        private Problem problem;
        private String dataset;
        private String regDataset;
        private double learningRate;
        private String activation;
        private List<String> layerActivations;
        private String regularization;
        private double regularizationRate;
        private int percTrainData;
        private int noise;
        private int batchSize;
        private List<Integer> networkShape;
        private final Set<Feature> features;
        private String seed;
        private boolean showTestData;
        private boolean discretize;
        private Mode mode;
        private String loss;
        private String optimizer;
        private int epochs;
        private double stopLoss;
        private int speed;
        private int classes;

        Builder(Settings s) {
            problem = s.problem;
            dataset = s.dataset;
            regDataset = s.regDataset;
            learningRate = s.learningRate;
            activation = s.activation;
            layerActivations = s.layerActivations;
            regularization = s.regularization;
            regularizationRate = s.regularizationRate;
            percTrainData = s.percTrainData;
            noise = s.noise;
            batchSize = s.batchSize;
            classes = s.classes;
            networkShape = s.networkShape;
            features = EnumSet.noneOf(Feature.class);
            features.addAll(s.features);
            seed = s.seed;
            showTestData = s.showTestData;
            discretize = s.discretize;
            mode = s.mode;
            loss = s.loss;
            optimizer = s.optimizer;
            epochs = s.epochs;
            stopLoss = s.stopLoss;
            speed = s.speed;
        }

        void set(String key, String value) {
            if (value.length() > 200) {
                throw new SettingsException(key, key + ": value too long (" + value.length() + " characters)");
            }
            for (Feature f : Feature.ALL) {
                if (f.key().equals(key)) {
                    if (bool(key, value)) {
                        features.add(f);
                    } else {
                        features.remove(f);
                    }
                    return;
                }
            }
            switch (key) {
                case "problem" -> problem = switch (value) {
                    case "classification" -> Problem.CLASSIFICATION;
                    case "regression" -> Problem.REGRESSION;
                    default -> throw new SettingsException(key, key + ": '" + value
                            + "' is not one of classification, regression");
                };
                case "dataset" -> dataset = value;
                case "regDataset" -> regDataset = value;
                case "learningRate" -> learningRate = number(key, value);
                case "activation" -> activation = value.toLowerCase(Locale.ROOT);
                case "layerActivations" -> layerActivations = value.isEmpty() ? List.of()
                        : List.of(value.toLowerCase(Locale.ROOT).split(",", -1));
                case "regularization" -> regularization = switch (value.toLowerCase(Locale.ROOT)) {
                    case "none" -> "none";
                    case "l1" -> "L1";
                    case "l2" -> "L2";
                    default -> value;
                };
                case "regularizationRate" -> regularizationRate = number(key, value);
                case "percTrainData" -> percTrainData = integer(key, value);
                case "noise" -> noise = integer(key, value);
                case "batchSize" -> batchSize = integer(key, value);
                case "networkShape" -> networkShape = shape(value);
                case "seed" -> seed = value;
                case "showTestData" -> showTestData = bool(key, value);
                case "discretize" -> discretize = bool(key, value);
                case "mode" -> mode = switch (value) {
                    case "parity" -> Mode.PARITY;
                    case "engine" -> Mode.ENGINE;
                    default -> throw new SettingsException(key, key + ": '" + value + "' is not one of parity, engine");
                };
                case "loss" -> loss = value;
                case "optimizer" -> optimizer = value;
                case "epochs" -> epochs = integer(key, value);
                case "stopLoss" -> stopLoss = number(key, value);
                case "speed" -> speed = integer(key, value);
                case "classes" -> classes = integer(key, value);
                default -> {
                    if (!IGNORED.contains(key)) {
                        throw new SettingsException(key, "unknown setting '" + (key.length() > 40
                                ? key.substring(0, 40) + "…" : key) + "'");
                    }
                }
            }
        }

        private static List<Integer> shape(String value) {
            List<Integer> widths = new ArrayList<>();
            if (value.isBlank()) {
                return widths;
            }
            for (String part : value.split(",", -1)) {
                widths.add(integer("networkShape", part.strip()));
            }
            return widths;
        }

        private static boolean bool(String key, String value) {
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new SettingsException(key, key + ": '" + value + "' is not true or false");
            };
        }

        private static int integer(String key, String value) {
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new SettingsException(key, key + ": '" + value + "' is not a whole number");
            }
        }

        private static double number(String key, String value) {
            try {
                double v = Double.parseDouble(value.strip());
                if (!Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new SettingsException(key, key + ": '" + value + "' is not a number");
            }
        }

        Settings build() {
            return new Settings(problem, dataset, regDataset, learningRate, activation, layerActivations,
                    regularization, regularizationRate, percTrainData, noise, batchSize, networkShape, features, seed,
                    showTestData, discretize, mode, loss, optimizer, epochs, stopLoss, speed, classes);
        }
    }
}
