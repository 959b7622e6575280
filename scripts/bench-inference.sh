#!/usr/bin/env bash
# The inference run: InferenceBench (vecmlp scalar/simd/parallel and ONNX Runtime Java), the Python peers (PyTorch
# eager and TorchScript on 1 and 2 threads, numpy on 1) and the whole-process wall times of the main job and the
# README's CLI examples (default backend against --backend scalar), all in one run, into
#   reports/<date>-<name>/{environment.txt, jmh-inference.json, inference.json, pairs.json, wall.json, README.md,
#                          inference-summary.md}
# (pairs.json: vecmlp and ONNX Runtime alternating inside one JVM, so that this VM's noise cancels in the ratio)
# Usage: scripts/bench-inference.sh [--quick] [--name NAME] [--runs N] [--update-readme]
#   --quick: short JMH iterations and 3 wall-time rounds (a smoke run, ~6 min); the default takes ~20 min.
#   --update-readme: copy the run's inference-summary.md into README.md (between the inference-summary markers).
# Run it on an otherwise idle machine: every figure is compared with the others measured in the same run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/jdk.sh"
vecmlp_use_jdk
vecmlp_require_maven
quick=0; name="inference"; runs=7; update_readme=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; runs=3 ;;
    --name) name="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --update-readme) update_readme=1 ;;
    *) echo "bench-inference: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
out="$root/reports/$(date +%Y-%m-%d)-$name"
mkdir -p "$out"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
(cd "$root" && mvn -B -q --no-transfer-progress -DskipTests -pl bench,cli -am install >&2)
jar="$root/bench/target/benchmarks.jar"

source "$root/scripts/lib/inference.sh"
vecmlp_find_torch_python

{
  echo "date:     $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit:   $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$root" && git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores)"
  echo "flags:    $(grep -m1 -o -w -E 'avx2|avx512f|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  echo "caches:   $(lscpu 2>/dev/null | grep -E '^L1d|^L2|^L3' | tr -s ' ' | tr '\n' ';')"
  echo "jdk:      $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 2 | tail -n 1)"
  echo "python:   $torch_python ($("$torch_python" --version 2>&1)); BLAS: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo unknown)"
  echo "mode:     $([ $quick = 1 ] && echo 'quick: -wi 2 -i 3 -w 1s -r 1s' || echo "full: InferenceBench's @Warmup/@Measurement"), $runs wall-time rounds"
  echo
  "$root/scripts/vecmlp" info 2>/dev/null
} > "$out/environment.txt"

vecmlp_inference "$out" "$quick" "$runs"

"$JAVA_HOME/bin/java" -cp "$jar" org.vecmlp.bench.report.Report "$out"
if [ $update_readme = 1 ]; then
  python3 "$root/scripts/lib/readme-block.py" "$root/README.md" inference-summary "$out/inference-summary.md" \
    "${out#"$root"/}/README.md"
fi
