#!/usr/bin/env bash
# The serving run, library level (no HTTP): 64 caller threads predicting one row a call, straight on a shared
# Predictor against through a BatchingPredictor (serial and parallel predictor, four batch waits), in alternating
# rounds; rows per second and each call's p50/p99, every batched answer spot-checked bitwise. Into
#   reports/<date>-<name>/{environment.txt, serving.json, serving-summary.md}
# Usage: scripts/bench-serving.sh [--name NAME] [--rounds N] [--seconds S] [--callers C]   (defaults: serving, 3, 4, 64)
# Run it on an otherwise idle machine (~3 min at the defaults).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/jdk.sh"
vecmlp_use_jdk
vecmlp_require_maven
name="serving"; rounds=3; seconds=4; callers=64
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --callers) callers="$2"; shift ;;
    *) echo "bench-serving: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
out="$root/reports/$(date +%Y-%m-%d)-$name"
mkdir -p "$out"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
(cd "$root" && mvn -B -q --no-transfer-progress -DskipTests -pl bench -am install >&2)
# The commit and whether the tree differs from it, read before this run rewrites its own report files.
commit="$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$root" && git diff --quiet -- . ':!reports' 2>/dev/null || echo ' (with uncommitted changes)')"
{
  echo "date:     $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit:   $commit"
  echo "cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores)"
  echo "java:     $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) before the run"
} > "$out/environment.txt"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$root/bench/target/benchmarks.jar" \
  org.vecmlp.bench.ServingHarness "$out/serving.json" "$rounds" "$seconds" "$callers"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) after the run" >> "$out/environment.txt"
echo "bench-serving: wrote $out" >&2
