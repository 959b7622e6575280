package org.vecmlp.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.kernel.VectorOps;
import org.vecmlp.kernel.scalar.ScalarVectorOps;

/**
 * Adam's first steps against the update written out in double, at β2 = 0.9999 where {@code 1f - (float) β2} is off
 * by 8·10⁻⁵ relative: the optimizer passes 1 − β computed in double, so the steps agree to float rounding.
 */
class AdamConstantsTest {
    @Test
    void earlyStepsMatchTheDoublePrecisionUpdate() {
        double beta1 = 0.9, beta2 = 0.9999, eps = 1e-8, lr = 0.01;
        for (VectorOps ops : new VectorOps[] {new ScalarVectorOps(), BackendProvider.bestSerial().newKernels().ops()}) {
            int n = 3000; // long enough for the vector passes
            float[] w = new float[n], g = new float[n];
            double[] wd = new double[n], m = new double[n], v = new double[n];
            // Weights start at 0 so that their own float rounding (an ulp of |w|) stays far below the error sought.
            Optimizer adam = new Optimizer(new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0, beta1, beta2, eps), n);
            double worst = 0;
            for (int t = 1; t <= 3; t++) {
                for (int i = 0; i < n; i++) {
                    g[i] = (float) Math.cos(i * 0.37 + t);
                }
                adam.update(ops, (float) lr, w, g);
                for (int i = 0; i < n; i++) {
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                    double mHat = m[i] / (1 - Math.pow(beta1, t));
                    double vHat = v[i] / (1 - Math.pow(beta2, t));
                    double step = lr * mHat / (Math.sqrt(vHat) + eps);
                    wd[i] -= step;
                    worst = Math.max(worst, Math.abs(w[i] - wd[i]) / lr);
                }
            }
            assertTrue(worst < 2e-6, ops.getClass().getSimpleName() + ": worst step error " + worst + " of lr");
        }
    }
}
