#!/usr/bin/env bash
# Runs the JMH suite and the yardsticks (OpenBLAS sgemm, PyTorch training steps) in one run and writes a report:
#   reports/<date>-<name>/{environment.txt, jmh.json, openblas.json, pytorch.json, README.md, *.png}
# Usage: scripts/bench.sh [--quick] [--name NAME] [--baselines|--no-baselines] [JMH arguments, e.g. GemmBench -p variant=simd]
# --quick: 2 warm-up and 3 measured iterations of 1 s, and no yardsticks unless --baselines asks for them: one
#          question in under a minute; the default uses the classes' own settings and measures the yardsticks.
# Yardsticks are kept per machine (CPU, cores, the peers' versions and BLAS, baselines.py itself) in
# ${XDG_CACHE_HOME:-~/.cache}/vecmlp/yardsticks/: --quick --baselines reuses them when this machine measured them
# before (environment.txt says when), --fresh-baselines measures them again; a full run always measures.
# The bench jar is rebuilt only when a source or pom is newer than it.
# Run it on an otherwise idle machine: everything here is measured against everything else in the same run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/jdk.sh"
vecmlp_use_jdk
vecmlp_require_maven
quick=0; name=""; baselines=""; fresh=0; jmh_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --name) name="$2"; shift ;;
    --no-baselines) baselines=0 ;;
    --baselines) baselines=1 ;;
    --fresh-baselines) baselines=1; fresh=1 ;;
    *) jmh_args+=("$1") ;;
  esac
  shift
done
[ -z "$baselines" ] && baselines=$([ $quick = 1 ] && echo 0 || echo 1)
out="$root/reports/$(date +%Y-%m-%d)${name:+-$name}"
mkdir -p "$out"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
jar="$root/bench/target/benchmarks.jar"
if vecmlp_stale "$jar" "$root/pom.xml" "$root/engine" "$root/onnx" "$root/bench" "$root/cli"; then
  (cd "$root" && mvn -B -q --no-transfer-progress -DskipTests -pl bench,cli -am install >&2)
fi

{
  echo "date:     $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit:   $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$root" && git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores)"
  echo "caches:   $(lscpu 2>/dev/null | grep -E '^L1d|^L2|^L3' | tr -s ' ' | tr '\n' ';')"
  echo "jdk:      $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 2 | tail -n 1)"
  echo "jvm args: --add-modules jdk.incubator.vector, the default collector (set by each benchmark's @Fork)"
  echo "mode:     $([ $quick = 1 ] && echo 'quick: -wi 2 -i 3 -w 1s -r 1s' || echo 'full: the classes'"'"' @Warmup/@Measurement')"
  echo
  "$root/scripts/vecmlp" info 2>/dev/null
} > "$out/environment.txt"

torch_python=""
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import torch' 2>/dev/null; then torch_python="$py"; break; fi
done
# What the yardsticks depend on: the machine, the peers and their BLAS, and the script that measures them.
yardstick_key() {
  {
    grep -m1 'model name' /proc/cpuinfo; nproc
    sha1sum "$root/bench/baselines/baselines.py" | cut -d' ' -f1
    python3 -c 'import numpy; print(numpy.__version__)' 2>/dev/null || echo no-numpy
    [ -n "$torch_python" ] && "$torch_python" -c 'import torch; print(torch.__version__)' 2>/dev/null
    readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true
  } | sha1sum | cut -c1-16
}
cache="${XDG_CACHE_HOME:-$HOME/.cache}/vecmlp/yardsticks/$(yardstick_key)"
reused=0
if [ $baselines = 1 ] && [ $quick = 1 ] && [ $fresh = 0 ] && [ -f "$cache/measured.txt" ]; then
  cp "$cache"/*.json "$out/"
  reused=1
  echo "bench: yardsticks reused from $(cat "$cache/measured.txt") (cache $cache; --fresh-baselines measures again)" >&2
  echo "yardsticks: reused, measured on this machine $(cat "$cache/measured.txt")" >> "$out/environment.txt"
fi
if [ $baselines = 1 ] && [ $reused = 0 ]; then
  if python3 -c 'import numpy' 2>/dev/null; then
    echo "bench: OpenBLAS sgemm through numpy, 1 thread" >&2
    python3 "$root/bench/baselines/baselines.py" gemm "$out/openblas.json"
  else
    echo "bench: numpy not found for python3: no OpenBLAS yardstick (pip install numpy)" >&2
  fi
  if [ -n "$torch_python" ]; then
    echo "bench: PyTorch training steps ($torch_python)" >&2
    # Debian's torch calls the system libblas.so.3: without OpenBLAS behind it, it measures the reference BLAS.
    if ! readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null | grep -q openblas; then
      echo "bench: libblas.so.3 is not OpenBLAS: PyTorch would be unfairly slow (apt-get install libopenblas0-pthread)" >&2
    fi
    rm -f "$out/pytorch.json"
    for t in 1 2; do
      OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t "$torch_python" "$root/bench/baselines/baselines.py" torch "$out/pytorch.json" $t
    done
  else
    echo "bench: PyTorch not found: no training-step yardstick (apt-get install python3-torch libopenblas0-pthread)" >&2
  fi
  mkdir -p "$cache"
  for f in openblas.json pytorch.json; do
    [ -f "$out/$f" ] && cp "$out/$f" "$cache/"
  done
  echo "$(date -u +%Y-%m-%dT%H:%MZ) at commit $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    > "$cache/measured.txt"
fi

flags=(-rf json -rff "$out/jmh.json" -prof gc)
[ $quick = 1 ] && flags+=(-wi 2 -i 3 -w 1s -r 1s)
"$JAVA_HOME/bin/java" -jar "$jar" "${flags[@]}" "${jmh_args[@]}" | tee "$out/jmh.log"
"$JAVA_HOME/bin/java" -cp "$jar" org.vecmlp.bench.report.Report "$out"
