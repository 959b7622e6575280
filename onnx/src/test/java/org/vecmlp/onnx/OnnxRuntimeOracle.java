package org.vecmlp.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime (CPU, one thread, all graph optimisations off) on a batch of rows. */
final class OnnxRuntimeOracle {
    private OnnxRuntimeOracle() {
    }

    /** The model's output for {@code rows} rows of {@code features} (flat, row-major), flat. */
    static float[] run(byte[] model, float[] x, int rows, long... inputShape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), inputShape);
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
                OnnxTensor out = (OnnxTensor) result.get(0);
                FloatBuffer buffer = out.getFloatBuffer();
                float[] y = new float[buffer.remaining()];
                buffer.get(y);
                return y;
            }
        }
    }
}
