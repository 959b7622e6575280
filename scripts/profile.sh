#!/usr/bin/env bash
# Profiles one JMH benchmark with async-profiler and JMH's GC profiler, in the same run.
#
# Usage: scripts/profile.sh [--name NAME] [--label LABEL] BENCHMARK [JMH arguments]
#   e.g. scripts/profile.sh --name zen3 --label train-mnist TrainStepBench -p variant=simd -p workload=mnist -p threads=1
# Writes reports/<date>-<name>/profiles/<label>/:
#   <benchmark and params>/flame-<event>-forward.html, flame-<event>-reverse.html (flame graphs, callers and callees),
#   collapsed-<event>.csv (collapsed stacks, for other tools), jmh.txt (JMH's output with -prof gc's allocation
#   rates), profile.txt (the command, the profiler version, the event and why it was chosen).
# The profiler's native library comes from the tools.profiler:async-profiler Maven artifact, extracted once into
# ${XDG_CACHE_HOME:-~/.cache}/vecmlp/. Event: cpu (perf events) where they work here, itimer otherwise.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/jdk.sh"
vecmlp_use_jdk
vecmlp_require_maven
version=4.2
name=""; label=""; jmh_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift ;;
    --label) label="$2"; shift ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) jmh_args+=("$1") ;;
  esac
  shift
done
if [ ${#jmh_args[@]} -eq 0 ]; then
  echo "vecmlp: profile.sh needs a benchmark, e.g. scripts/profile.sh TrainStepBench -p workload=mnist" >&2
  exit 2
fi
label=${label:-${jmh_args[0]}}
case "$(uname -m)" in
  x86_64|amd64) platform=linux-x64 ;;
  aarch64|arm64) platform=linux-arm64 ;;
  *) echo "vecmlp: async-profiler ships no library for $(uname -m) on Linux" >&2; exit 1 ;;
esac
if [ "$(uname -s)" != Linux ]; then
  echo "vecmlp: profile.sh runs on Linux (async-profiler's library for this script's platforms)" >&2; exit 1
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/vecmlp/async-profiler-$version"
lib="$cache/$platform/libasyncProfiler.so"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
if [ ! -f "$lib" ]; then
  echo "vecmlp: fetching async-profiler $version (tools.profiler:async-profiler) into $cache" >&2
  mkdir -p "$cache"
  (cd "$root" && mvn -B -q --no-transfer-progress dependency:copy \
      -Dartifact="tools.profiler:async-profiler:$version" -DoutputDirectory="$cache" >&2)
  (cd "$cache" && "$JAVA_HOME/bin/jar" xf "async-profiler-$version.jar" "$platform/libasyncProfiler.so")
  [ -f "$lib" ] || { echo "vecmlp: $platform/libasyncProfiler.so is not in the async-profiler $version jar" >&2; exit 1; }
fi

# Which event: cpu uses perf events, which containers and perf_event_paranoid often forbid; itimer always works.
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
event=itimer
why="perf events unavailable here (perf_event_paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo '?'))"
if "$JAVA_HOME/bin/java" "-agentpath:$lib=start,event=cpu,file=$probe/cpu.txt,collapsed" \
     "$root/scripts/lib/ProfilerProbe.java" > "$probe/out.txt" 2>&1 \
   && ! grep -qi "perf_event\|perf events\|falling back" "$probe/out.txt" \
   && [ -s "$probe/cpu.txt" ]; then
  event=cpu
  why="perf events work here (perf_event_paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo '?'))"
fi
echo "vecmlp: profiling with async-profiler $version, event $event: $why" >&2

out="$root/reports/$(date +%Y-%m-%d)${name:+-$name}/profiles/$label"
mkdir -p "$out"
jar="$root/bench/target/benchmarks.jar"
if vecmlp_stale "$jar" "$root/pom.xml" "$root/engine" "$root/onnx" "$root/bench"; then
  (cd "$root" && mvn -B -q --no-transfer-progress -DskipTests -pl bench -am install >&2)
fi
# JMH splits profiler options on ';', so the whole option is one quoted word.
async="async:libPath=$lib;event=$event;output=flamegraph,collapsed;direction=both;dir=$out"
{
  echo "date:     $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit:   $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores)"
  echo "jdk:      $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 2 | tail -n 1)"
  echo "profiler: async-profiler $version, event $event ($why)"
  echo "command:  java -jar bench/target/benchmarks.jar ${jmh_args[*]} -prof \"$async\" -prof gc"
} > "$out/profile.txt"
"$JAVA_HOME/bin/java" -jar "$jar" "${jmh_args[@]}" -prof "$async" -prof gc 2>&1 | tee "$out/jmh.txt" >&2
echo "vecmlp: profiles in ${out#"$root"/}" >&2
find "$out" -name 'flame-*.html' | sed "s|^$root/|  |" >&2
