/**
 * vecmlp: a dense multi-layer-perceptron engine for the JVM on the Vector API, with no runtime dependencies.
 *
 * <p>The API: {@link org.vecmlp.Mlp} (a model) with its spec and functions in {@code org.vecmlp.nn}, data sets in
 * {@code org.vecmlp.data}, training in {@code org.vecmlp.train}, inference in {@code org.vecmlp.infer}, model files
 * in {@code org.vecmlp.io}, the lecture's single neurons in {@code org.vecmlp.neuron}, and the choice of kernels in
 * {@code org.vecmlp.kernel} ({@link org.vecmlp.kernel.Backend}, {@link org.vecmlp.kernel.BackendProvider}) and
 * {@code org.vecmlp.kernel.parallel} (the thread pool backend), and for the step-level API (a network's forward and
 * backward passes, a trainer's batches) the parameter layout and buffers of {@code org.vecmlp.tensor}. Internal,
 * and free to change: the kernel implementations ({@code org.vecmlp.kernel.scalar}, {@code org.vecmlp.kernel.simd})
 * and the GEMM tuner ({@code org.vecmlp.tune}); the CLI, the benchmarks and the ONNX module, which run on the class
 * path, are the only users of those.
 *
 * <p>The Vector API is optional ({@code requires static}): start the JVM with
 * {@code --add-modules jdk.incubator.vector} for the SIMD kernels; without it the engine runs its scalar kernels
 * and says so ({@link org.vecmlp.kernel.BackendProvider#defaultChoice()}).
 */
module org.vecmlp.engine {
    requires static jdk.incubator.vector;
    requires static java.management; // the JIT advice of BackendProvider, where the JVM has it
    requires static jdk.management;

    exports org.vecmlp;
    exports org.vecmlp.nn;
    exports org.vecmlp.tensor;
    exports org.vecmlp.data;
    exports org.vecmlp.train;
    exports org.vecmlp.infer;
    exports org.vecmlp.io;
    exports org.vecmlp.neuron;
    exports org.vecmlp.kernel;
    exports org.vecmlp.kernel.parallel;
}
