#!/usr/bin/env bash
# The published benchmark run: every question of the JMH suite and the yardsticks, in one run, into one report:
#   reports/<date>[-NAME]/{environment.txt, openblas.json, pytorch.json, jmh-*.json, README.md, *.png}
# Usage: scripts/bench-report.sh [--name NAME] [--rounds N] [--no-profiles] [--parallel-only] [--update-readme]
#        (about 50 minutes on 2 cores; run it on an idle machine). It measures, in this order: the machine's limits;
#        N rounds (default 3) of ours then the peer, interleaved (GEMM simd then OpenBLAS; the mnist and wide steps
#        then PyTorch), into interleaved/round-K/, the ratios the report quotes as medians with their range; every
#        GEMM and training-step question; activations, contention; inference against PyTorch, numpy and ONNX Runtime
#        Java (InferenceBench, the two interleaved in one JVM, whole-process wall times; scripts/lib/inference.sh,
#        short iterations; --no-inference skips it); then (unless --no-profiles) async-profiler flame graphs of the
#        mnist and wide steps and of batch-1 inference into profiles/ (scripts/profile.sh).
#        --parallel-only: the questions about the parallel backend alone (parallel GEMM and training steps against
#        simd on one thread, contention), about 15 minutes. --update-readme: copy the run's bench-summary.md into
#        README.md between the bench-summary markers.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
name=""; parallel_only=0; update_readme=0; rounds=3; profiles=1; inference=1
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift ;;
    --rounds) rounds="$2"; shift
      case "$rounds" in ''|*[!0-9]*|0) echo "bench-report: --rounds needs a whole number ≥ 1, got '$rounds'" >&2; exit 2 ;; esac ;;
    --no-profiles) profiles=0 ;;
    --no-inference) inference=0 ;;
    --parallel-only) parallel_only=1 ;;
    --update-readme) update_readme=1 ;;
    *) echo "bench-report: unknown argument '$1' (usage: --name NAME, --rounds N, --no-profiles, --no-inference," \
            "--parallel-only, --update-readme)" >&2; exit 2 ;;
  esac
  shift
done
source "$root/scripts/lib/jdk.sh"
vecmlp_use_jdk
# Baselines, environment and the bench jar, through bench.sh with a tiny JMH selection that the report ignores.
"$root/scripts/bench.sh" ${name:+--name "$name"} --quick --fresh-baselines ActivationBench -p size=4096 -p activation=relu -p variant=fused >/dev/null
out="$root/reports/$(date +%Y-%m-%d)${name:+-$name}"
rm -f "$out/jmh.json" "$out/jmh.log"
# bench.sh wrote its own --quick settings into the environment; this script sets them per benchmark.
sed -i "s/^mode: .*/mode:     scripts\/bench-report.sh: JMH prints each benchmark's warm-up and measurement settings in jmh.log/" \
  "$out/environment.txt"
jar="$root/bench/target/benchmarks.jar"
it=(-wi 2 -i 4 -w 1s -r 1s -prof gc)
# CPU time counters (user+nice+system+idle+iowait+irq+softirq+steal, and steal) and the load average, to record how
# busy the machine was during each benchmark: a shared VM's steal shows up here and in the errors.
cpu_ticks() { awk '/^cpu /{t=0; for (i=2; i<=9; i++) t+=$i; print t, $9}' /proc/stat; }
rm -f "$out/load.txt"
jmh() {
  local file="$1"; shift
  local before after load0
  before=$(cpu_ticks); load0=$(cut -d' ' -f1 /proc/loadavg)
  "$JAVA_HOME/bin/java" -jar "$jar" "$@" -rf json -rff "$out/$file" | tee -a "$out/jmh.log"
  after=$(cpu_ticks)
  echo "$file $before $after $load0 $(cut -d' ' -f1 /proc/loadavg)" | awk '{dt=$4-$2; ds=$5-$3;
    printf "%s: load average %s -> %s, steal %.1f%% of CPU time\n", $1, $6, $7, (dt > 0 ? 100 * ds / dt : 0)}' \
    >> "$out/load.txt"
}
# The machine's limits first (the FMA peak and bandwidths every "% of peak" is against), in this same run.
rm -f "$out"/jmh-*.json
jmh jmh-limits.json MachineLimitsBench
if [ $parallel_only = 1 ]; then
  big=1024x1024x1024,512x512x512,256x1024x1024
  jmh jmh-gemm-simd.json GemmBench -p variant=simd -p threads=1 -p op=NN,TN,NT -p shape=$big "${it[@]}"
  jmh jmh-gemm-parallel.json GemmBench -p variant=parallel -p threads=1,2 -p op=NN,TN,NT -p shape=$big "${it[@]}"
  jmh jmh-train.json TrainStepBench -p variant=simd -p threads=1 -p workload=mnist,wide,deepSigmoid \
    -wi 3 -i 5 -w 2s -r 2s -prof gc
  jmh jmh-train-parallel.json TrainStepBench -p variant=parallel -p threads=1,2 -p mode=auto,data,operation \
    -p workload=mnist,wide,deepSigmoid -wi 3 -i 5 -w 2s -r 2s -prof gc
  jmh jmh-contention.json ContentionBench
  "$JAVA_HOME/bin/java" -cp "$jar" org.vecmlp.bench.report.Report "$out"
  exit 0 # a partial run: the README keeps the full run's summary
fi
# Ours and the peer, interleaved: each round runs ours then the peer on the same questions, one thread, so drift of
# the machine lands on both sides of that round's ratio. The report quotes the median over the rounds and the range.
torch_python=""
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import torch' 2>/dev/null; then torch_python="$py"; break; fi
done
rm -rf "$out/interleaved"
heads=(512x512x512 1024x1024x1024 128x784x256)
for r in $(seq 1 "$rounds"); do
  d="interleaved/round-$r"
  mkdir -p "$out/$d"
  echo "bench-report: interleaved round $r of $rounds" >&2
  jmh "$d/jmh-gemm.json" GemmBench -p variant=simd -p threads=1 -p op=NN,TN,NT \
    -p shape="$(IFS=,; echo "${heads[*]}")" -f 1 -wi 2 -i 5 -w 1s -r 1s
  if python3 -c 'import numpy' 2>/dev/null; then
    python3 "$root/bench/baselines/baselines.py" gemm "$out/$d/openblas.json" "${heads[@]}"
  fi
  jmh "$d/jmh-train.json" TrainStepBench -p variant=simd -p threads=1 -p workload=mnist,wide -f 1 -wi 3 -i 5 \
    -w 2s -r 2s
  if [ -n "$torch_python" ]; then
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$torch_python" "$root/bench/baselines/baselines.py" torch \
      "$out/$d/pytorch.json" 1 mnist wide
  fi
done
# GEMM: SIMD on every shape and layout; scalar on the shapes where it finishes; parallel on the large ones.
jmh jmh-gemm-simd.json GemmBench -p variant=simd -p threads=1 "${it[@]}"
jmh jmh-gemm-scalar.json GemmBench -p variant=scalar -p threads=1 -p op=NN,TN,NT \
  -p shape=64x64x64,128x128x128,512x512x512,128x784x256,16x2x8,16x8x8 "${it[@]}"
jmh jmh-gemm-parallel.json GemmBench -p variant=parallel -p threads=1,2 -p op=NN,TN,NT \
  -p shape=512x512x512,1024x1024x1024,128x784x256,784x128x256,128x256x784,256x1024x1024 "${it[@]}"
# The pure-Java peer: EJML's float GEMM, one thread, on the squares and the training shapes it finishes quickly.
jmh jmh-gemm-ejml.json GemmBench -p variant=ejml -p threads=1 -p op=NN,TN,NT \
  -p shape=64x64x64,128x128x128,512x512x512,128x784x256,784x128x256,128x256x784 "${it[@]}"
# Training steps: one thread, then the parallel backend with the engine's rule and each mode forced.
jmh jmh-train.json TrainStepBench -p variant=scalar,simd -p threads=1 -wi 2 -i 4 -w 2s -r 2s -prof gc
jmh jmh-train-parallel.json TrainStepBench -p variant=parallel -p threads=1,2 -p mode=auto,data,operation \
  -p workload=mnist,wide,deepSigmoid -wi 2 -i 4 -w 2s -r 2s -prof gc
jmh jmh-train-parallel-playground.json TrainStepBench -p variant=parallel -p threads=1,2 -p workload=playground \
  -wi 2 -i 4 -w 2s -r 2s -prof gc
jmh jmh-activation.json ActivationBench "${it[@]}"
jmh jmh-contention.json ContentionBench
if [ $inference = 1 ]; then
  source "$root/scripts/lib/inference.sh"
  vecmlp_find_torch_python
  vecmlp_inference "$out" 1 3
fi
if [ $profiles = 1 ]; then
  rm -rf "$out/profiles"
  p=() # profile.sh writes into reports/<date>[-NAME]/profiles/, this run's folder
  [ -n "$name" ] && p=(--name "$name")
  "$root/scripts/profile.sh" "${p[@]}" --label train-mnist TrainStepBench -p variant=simd -p workload=mnist \
    -p threads=1 -f 1 -wi 3 -i 3 -w 1s -r 2s
  "$root/scripts/profile.sh" "${p[@]}" --label train-wide TrainStepBench -p variant=simd -p workload=wide \
    -p threads=1 -f 1 -wi 2 -i 3 -w 2s -r 2s
  "$root/scripts/profile.sh" "${p[@]}" --label infer-mnist-batch1 InferenceBench -p variant=simd -p workload=mnist \
    -p batch=1 -f 1 -wi 2 -i 3 -w 1s -r 2s
fi
"$JAVA_HOME/bin/java" -cp "$jar" org.vecmlp.bench.report.Report "$out"
if [ $update_readme = 1 ]; then
  python3 "$root/scripts/lib/readme-block.py" "$root/README.md" bench-summary "$out/bench-summary.md"
fi
