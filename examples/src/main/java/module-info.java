/** The examples as a module: only the engine's and the ONNX module's exported API is visible here. */
module org.vecmlp.examples {
    requires org.vecmlp.engine;
    requires org.vecmlp.onnx;
}
