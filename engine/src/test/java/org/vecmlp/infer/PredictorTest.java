package org.vecmlp.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.kernel.Backend;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.train.Initializer;

class PredictorTest {
    private static final MlpSpec SPEC = MlpSpec.builder(2).hidden(12, Activation.TANH)
            .output(3, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);

    @Test
    void batchAndSingleRowAgreeAcrossChunkBoundaries() {
        Mlp model = Mlp.initialize(SPEC, Initializer.XAVIER, 3);
        Predictor predictor = new Predictor(model.network(), model.parameters().clone(), Backend.scalar(), 7);
        Dataset data = Generators.spiral(50, 0.1, 3);
        float[] batch = new float[50 * 3];
        predictor.predict(data.features(), 50, batch);
        for (int r = 0; r < 50; r++) {
            float[] row = {data.features()[2 * r], data.features()[2 * r + 1]};
            float[] single = predictor.predict(row);
            float sum = 0;
            for (int j = 0; j < 3; j++) {
                assertEquals(batch[r * 3 + j], single[j], 0f, "row " + r);
                sum += single[j];
            }
            assertEquals(1f, sum, 1e-6f, "softmax rows sum to 1");
        }
    }

    @Test
    void manyThreadsGetTheSameAnswersAsOne() throws Exception {
        Mlp model = Mlp.initialize(SPEC, Initializer.XAVIER, 4);
        Predictor predictor = model.predictor(Backend.scalar());
        Dataset data = Generators.spiral(1000, 0.1, 4);
        int[] expected = predictor.predictClasses(data.features(), data.rows());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                results.add(pool.submit(() -> predictor.predictClasses(data.features(), data.rows())));
            }
            for (Future<int[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void snapshotIsNotAffectedByLaterTraining() {
        for (Backend backend : new Backend[] {Backend.scalar(), org.vecmlp.kernel.BackendProvider.bestSerial()}) {
            Mlp model = Mlp.initialize(SPEC, Initializer.XAVIER, 5);
            Predictor predictor = model.predictor(backend);
            Dataset spiral = Generators.spiral(200, 0.1, 5);
            int[] labels = new int[200];
            for (int r = 0; r < 200; r++) {
                labels[r] = r % 3; // three classes for the three outputs
            }
            Dataset data = Dataset.classification("spiral3", spiral.features(), 200, 2, labels, 3);
            float[] before = new float[200 * 3];
            predictor.predict(data.features(), 200, before);
            model.trainer(org.vecmlp.train.TrainingConfig.builder().epochs(3).learningRate(0.1).build(), backend)
                    .fit(data, null);
            float[] after = new float[200 * 3];
            predictor.predict(data.features(), 200, after);
            assertArrayEquals(before, after, backend.name());
            float[] trained = new float[200 * 3];
            model.predictor(backend).predict(data.features(), 200, trained);
            assertFalse(java.util.Arrays.equals(before, trained), "the model itself did change");
        }
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        Predictor predictor = Mlp.initialize(SPEC, Initializer.XAVIER, 6).predictor(Backend.scalar());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(new float[] {1f}));
        assertEquals("expected 1 row(s) of 2 features, got 1 values", e.getMessage());
    }
}
