#!/usr/bin/env bash
# What data-parallel training on Spark costs: bench/SparkCostBench (the distributed trainer on Spark in local mode
# against its in-process reference, alternating in one JVM) into reports/<date>-spark[-NAME]/{environment.txt,
# load.txt, spark-cost.json, cli-runs.txt, spark-summary.md}: ms per step against partitions and global batch, against
# the model's size, local SGD's round against k, the step model fitted to them with the batch from which each mode
# pays, and whole command-line runs (one machine, the in-process reference, an embedded Spark), alternating.
# Usage: scripts/bench-spark.sh [--name NAME] [--master local[N]] [--rounds N] [--update-readme]
#        (about 7 minutes on 2 cores; run it on an idle machine). --update-readme copies spark-summary.md into
#        README.md between the spark-summary markers.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
name=""; master="local[2]"; rounds=5; update_readme=0
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift ;;
    --master) master="$2"; shift
      [[ "$master" =~ ^local(\[([1-9][0-9]*|\*)\])?$ ]] || {
        echo "bench-spark: --master must be local, local[N] or local[*], got '$master'" >&2; exit 2; } ;;
    --rounds) rounds="$2"; shift
      case "$rounds" in ''|*[!0-9]*|0) echo "bench-spark: --rounds needs a whole number ≥ 1, got '$rounds'" >&2; exit 2 ;; esac ;;
    --update-readme) update_readme=1 ;;
    *) echo "bench-spark: unknown argument '$1' (usage: --name NAME, --master local[N], --rounds N, --update-readme)" >&2
       exit 2 ;;
  esac
  shift
done
source "$root/scripts/lib/jdk.sh"
vecmlp_use_jdk
jar="$root/bench/target/benchmarks.jar"
sparkpath="$root/spark/target/spark-classpath.txt"
if vecmlp_stale "$jar" "$root/pom.xml" "$root/engine" "$root/spark" "$root/bench" || [ ! -f "$sparkpath" ]; then
  vecmlp_require_maven
  echo "bench-spark: building the benchmarks…" >&2
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  (cd "$root" && mvn -B -q --no-transfer-progress -DskipTests -pl bench -am install >&2)
fi
out="$root/reports/$(date +%Y-%m-%d)-spark${name:+-$name}"
mkdir -p "$out"
{
  echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:   $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cores:    $(nproc) online"
  echo "memory:   $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel:   $(uname -sr)"
  echo "java:     $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)"
  echo "spark:    $(tr ':' '\n' < "$sparkpath" | grep -o 'spark-core_2.13-[^/]*\.jar' | head -1)"
  echo "command:  scripts/bench-spark.sh --master $master --rounds $rounds"
} > "$out/environment.txt"
load0=$(cut -d' ' -f1 /proc/loadavg)
steal0=$(awk '/^cpu /{t=0; for (i=2; i<=9; i++) t+=$i; print t, $9}' /proc/stat)
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  --sun-misc-unsafe-memory-access=allow -cp "$jar:$(cat "$sparkpath")" \
  org.vecmlp.bench.SparkCostBench "$out" "$master" "$rounds" 2>&1 | grep -v '^WARNING: Using incubator'
steal1=$(awk '/^cpu /{t=0; for (i=2; i<=9; i++) t+=$i; print t, $9}' /proc/stat)
echo "$steal0 $steal1 $load0 $(cut -d' ' -f1 /proc/loadavg)" | awk '{dt=$3-$1; ds=$4-$2;
  printf "spark-cost.json: load average %s -> %s, steal %.1f%% of CPU time\n", $5, $6, (dt > 0 ? 100 * ds / dt : 0)}' \
  > "$out/load.txt"
# Whole command-line runs, as a user meets them: the same training on one machine, on the in-process reference and
# on an embedded Spark, alternating, each a fresh JVM (start-up, Spark's start and warm-up included).
cli=(train --data spiral --samples 4000 --hidden 32,32 --epochs 30 --batch 256 --lr 0.03)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$root/scripts/vecmlp" info > /dev/null 2>&1 # builds the command once, outside the timings
for r in $(seq 1 "$rounds"); do
  for variant in one-machine in-process "local[2]"; do
    extra=(); [ "$variant" != one-machine ] && extra=(--spark "$variant" --partitions 4)
    t0=$(date +%s.%N)
    "$root/scripts/vecmlp" "${cli[@]}" "${extra[@]}" --save "$work/m.vmlp" > /dev/null 2>&1
    awk -v v="$variant" -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%s %.3f\n", v, b - a }' \
      >> "$out/cli-runs.txt.new"
  done
done
mv "$out/cli-runs.txt.new" "$out/cli-runs.txt"
python3 - "$out" "${cli[*]}" <<'PY' >> "$out/spark-summary.md"
import statistics, sys
out, cli = sys.argv[1], sys.argv[2]
runs = {}
for line in open(out + "/cli-runs.txt"):
    v, t = line.split()
    runs.setdefault(v, []).append(float(t))
def q(xs):
    return "%.2f (%.2f–%.2f)" % (statistics.median(xs), min(xs), max(xs))
ratio = lambda a, b: [x / y for x, y in zip(runs[a], runs[b])]
print("\nWhole runs of `scripts/vecmlp " + cli + "` (seconds of wall time, each a fresh JVM, the three alternating; "
      "median of %d rounds and their range; ratios per round):\n" % len(runs["one-machine"]))
print("| run | seconds | / one machine |\n|---|---:|---:|")
print("| one machine (simd, 1 thread) | %s | 1 |" % q(runs["one-machine"]))
print("| `--spark in-process --partitions 4` | %s | %s |" % (q(runs["in-process"]), q(ratio("in-process", "one-machine"))))
print("| `--spark \"local[2]\" --partitions 4` | %s | %s |" % (q(runs["local[2]"]), q(ratio("local[2]", "one-machine"))))
PY
echo "bench-spark: wrote $out/spark-summary.md" >&2
if [ $update_readme = 1 ]; then
  python3 "$root/scripts/lib/readme-block.py" "$root/README.md" spark-summary "$out/spark-summary.md" \
    "${out#"$root"/}/spark-summary.md"
fi
