# The inference questions, shared by scripts/bench-inference.sh and scripts/bench-report.sh: the Python peers
# (PyTorch eager and TorchScript on 1 and 2 threads, numpy on 1), InferenceBench (vecmlp and ONNX Runtime Java),
# vecmlp and ONNX Runtime interleaved in one JVM (pairs.json) and the whole-process wall times (wall.json).
# Needs JAVA_HOME, root and a built bench jar and CLI jar. Source it, then:
#   vecmlp_find_torch_python             sets torch_python (installs Debian's python3-torch as root when missing)
#   vecmlp_inference OUT QUICK RUNS      runs them all into OUT (QUICK 1: short JMH iterations, 2 pair rounds)

vecmlp_find_torch_python() {
  torch_python=""
  for py in python3 /usr/bin/python3; do
    if "$py" -c 'import torch, numpy' 2>/dev/null; then torch_python="$py"; return 0; fi
  done
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "vecmlp: installing python3-torch, python3-numpy and OpenBLAS with apt-get (the inference peers)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy \
      libopenblas0-pthread >/dev/null
    torch_python=/usr/bin/python3
  else
    echo "vecmlp: no python3 with torch and numpy (apt-get install python3-torch python3-numpy libopenblas0-pthread)" >&2
    return 1
  fi
}

vecmlp_inference() {
  local out="$1" quick="$2" runs="$3" jar="$root/bench/target/benchmarks.jar"
  rm -f "$out/inference.json"
  echo "vecmlp: inference, Python peers (1 thread, with numpy)" >&2
  OPENBLAS_NUM_THREADS=1 "$torch_python" "$root/bench/baselines/baselines.py" infer "$out/inference.json" 1 numpy
  echo "vecmlp: inference, Python peers (2 threads)" >&2
  OPENBLAS_NUM_THREADS=2 "$torch_python" "$root/bench/baselines/baselines.py" infer "$out/inference.json" 2
  local flags=(-rf json -rff "$out/jmh-inference.json" -prof gc)
  [ "$quick" = 1 ] && flags+=(-wi 2 -i 3 -w 1s -r 1s)
  "$JAVA_HOME/bin/java" -jar "$jar" InferenceBench "${flags[@]}" | tee "$out/jmh-inference.log"
  echo "vecmlp: inference, vecmlp and ONNX Runtime interleaved" >&2
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$jar" org.vecmlp.bench.InferencePairs \
    "$out/pairs.json" "$([ "$quick" = 1 ] && echo 2 || echo 6)"
  echo "vecmlp: whole-process wall times ($runs rounds)" >&2
  python3 "$root/bench/baselines/wall.py" "$root/cli/target/vecmlp.jar" "$root/README.md" "$out/wall.json" "$runs"
}
