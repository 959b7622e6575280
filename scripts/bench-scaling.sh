#!/usr/bin/env bash
# Parallel scaling in one run: the training step (mnist, wide) and GEMM 1024³/2048³ on the parallel backend at
# 1, 2, 4, 8, 16 threads, with simd on one thread as the baseline; PyTorch at the same thread counts when python3
# has torch. Writes raw results into DIR (environment.txt, jmh-scaling-*.json, pytorch*.json, jmh.log); the report
# (README.md, scaling.png) is made from them by org.vecmlp.bench.report.ScalingReport.
#
# Usage: scripts/bench-scaling.sh [--out DIR] [--threads "1 2 4 8 16"] [--jar benchmarks.jar] [--no-report]
#   --jar      a prebuilt bench jar: then only a Java runtime >= 25 is needed (JAVA_HOME), no Maven or javac
#   --no-report  leave out the report (it needs java.desktop for the chart; a jlinked runtime may lack it)
#   --no-torch   leave out the PyTorch yardstick (e.g. when re-measuring vecmlp against yardsticks already taken)
# About 5 minutes for five thread counts. Run it on an otherwise idle machine.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/reports/$(date +%Y-%m-%d)-scaling"; threads="1 2 4 8 16"; jar=""; report=1; torch=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --jar) jar="$2"; shift ;;
    --no-report) report=0 ;;
    --no-torch) torch=0 ;;
    *) echo "bench-scaling: unknown argument '$1' (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
  shift
done
source "$root/scripts/lib/jdk.sh"
if [ -n "$jar" ]; then
  major=$(vecmlp_java_major "${JAVA_HOME:-/nonexistent}")
  if [ -z "$major" ] || [ "$major" -lt 25 ]; then
    vecmlp_use_jdk # no runtime given: find a JDK as the other scripts do (fails with a clear message)
  fi
  [ -f "$jar" ] || { echo "bench-scaling: --jar '$jar' does not exist" >&2; exit 2; }
else
  vecmlp_use_jdk
  vecmlp_require_maven
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  (cd "$root" && mvn -B -q --no-transfer-progress -DskipTests -pl bench -am install >&2)
  jar="$root/bench/target/benchmarks.jar"
fi
java="$JAVA_HOME/bin/java"
mkdir -p "$out"
rm -f "$out"/jmh-scaling-*.json "$out"/jmh.log
[ $torch = 0 ] || rm -f "$out"/pytorch.json "$out"/pytorch-gemm.json
csv=$(echo $threads | tr ' ' ',')

{
  echo "date:     $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit:   ${VECMLP_COMMIT:-$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)}" # VECMLP_COMMIT: where .git is a stale copy
  echo "cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores seen by the OS)"
  echo "sockets:  $(grep 'physical id' /proc/cpuinfo | sort -u | wc -l), siblings per socket: $(grep -m1 siblings /proc/cpuinfo | cut -d: -f2 | xargs), cores per socket: $(grep -m1 'cpu cores' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "flags:    $(grep -m1 flags /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512f|avx512_bf16|amx_tile|fma)$' | xargs)"
  echo "memory:   $(grep MemTotal /proc/meminfo | xargs)"
  echo "kernel:   $(uname -sr)"
  echo "jdk:      $("$java" -version 2>&1 | grep -m1 -i 'runtime environment' || "$java" -version 2>&1 | head -n 1)"
  echo "java cpus: $("$java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -m1 ' ActiveProcessorCount' | xargs) (-1: all the OS shows)"
  echo "threads:  $threads"
  echo "jmh:      -f 1 -wi 2 -i 3 -w 1s -r 1s (train steps: -w 2s -r 2s)"
} > "$out/environment.txt"
cat "$out/environment.txt" >&2

jmh() { local file="$1"; shift; "$java" -jar "$jar" "$@" -f 1 -rf json -rff "$out/$file" 2>&1 | tee -a "$out/jmh.log" | grep -E '^(GemmBench|TrainStepBench)\.|Exception|Error' >&2 || true; }
it=(-wi 2 -i 3 -w 1s -r 1s)
train_it=(-wi 2 -i 3 -w 2s -r 2s)
# The engine's rule (auto) per thread count, then mnist forced to operation parallelism: mnist's batch of 128 makes
# only two 64-row shards, so data parallelism alone stops at two threads.
jmh jmh-scaling-train.json TrainStepBench -p workload=mnist,wide -p variant=simd -p threads=1 "${train_it[@]}"
jmh jmh-scaling-train-parallel.json TrainStepBench -p workload=mnist,wide -p variant=parallel -p threads="$csv" \
  -p mode=auto "${train_it[@]}"
jmh jmh-scaling-gemm.json GemmBench -p op=NN -p shape=1024x1024x1024,2048x2048x2048 -p variant=simd -p threads=1 "${it[@]}"
for shape in 1024x1024x1024 2048x2048x2048; do
  jmh "jmh-scaling-gemm-parallel-${shape%%x*}.json" GemmBench -p op=NN -p shape=$shape -p variant=parallel \
    -p threads="$csv" "${it[@]}"
done
jmh jmh-scaling-train-operation.json TrainStepBench -p workload=mnist -p variant=parallel -p threads="$csv" \
  -p mode=operation "${train_it[@]}"

python=${PYTHON:-python3} # PYTHON: the interpreter that has torch, when it is not the first python3 on PATH
if [ $torch = 0 ]; then
  echo "bench-scaling: --no-torch: the PyTorch yardstick is not measured in this run" >&2
elif command -v "$python" >/dev/null && "$python" -c 'import torch' 2>/dev/null; then
  for t in $threads; do
    OMP_NUM_THREADS=$t MKL_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t \
      "$python" "$root/bench/baselines/baselines.py" torch-gemm "$out/pytorch-gemm.json" "$t" || true
    OMP_NUM_THREADS=$t MKL_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t \
      "$python" "$root/bench/baselines/baselines.py" torch "$out/pytorch.json" "$t" mnist wide || true
  done
else
  echo "bench-scaling: python3 with torch not found; the PyTorch yardstick is left out" >&2
fi

if [ $report = 1 ]; then
  "$java" -cp "$jar" org.vecmlp.bench.report.ScalingReport "$out"
fi
echo "bench-scaling: results in $out" >&2
