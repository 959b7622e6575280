#!/usr/bin/env bash
# The serving run over HTTP: `vecmlp serve` on loopback under Debian's wrk, batching on (--max-batch 64) and off
# (--max-batch 1), for W5 (784-256-128-10) and wide (1024-1024-1024-10), at 1, 8, 64 and 256 connections; requests
# a second and wrk's p50/p99 latency, into
#   reports/<date>-<name>/{environment.txt, http.tsv, http-summary.md, soak.txt}
# and a soak: wide, 256 connections for 30 s: error answers, resident memory and the live heap (after a full
# collection) before and after.
# Usage: scripts/bench-serve-http.sh [--name NAME] [--seconds S] [--wait-us U]
#   (defaults: serving-http, 10, serve's own --max-wait-us; ~5 min)
# Loopback only; every wrk run is bounded by --seconds. Run it on an otherwise idle machine.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/jdk.sh"
vecmlp_use_jdk
name="serving-http"; seconds=10; wait_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --wait-us) wait_args=(--max-wait-us "$2"); shift ;;
    *) echo "bench-serve-http: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    echo "bench-serve-http: needs wrk (Debian package wrk): apt-get install wrk" >&2; exit 1
  fi
fi
command -v python3 >/dev/null || { echo "bench-serve-http: needs python3" >&2; exit 1; }
out="$root/reports/$(date +%Y-%m-%d)-$name"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out"
vecmlp="$root/scripts/vecmlp"
"$vecmlp" info >/dev/null 2>&1 # builds the command when it is stale
# Two models of the benchmark's shapes, trained one epoch on random rows (the weights' values do not matter here).
python3 - "$work" <<'PY'
import random, sys
random.seed(1)
for name, width in (("w5", 784), ("wide", 1024)):
    with open(f"{sys.argv[1]}/{name}.csv", "w") as f:
        f.write(",".join(f"f{i}" for i in range(width)) + ",label\n")
        for r in range(200):
            f.write(",".join(f"{random.uniform(-1, 1):.4f}" for _ in range(width)) + f",{r % 10}\n")
    with open(f"{sys.argv[1]}/{name}.lua", "w") as f:
        row = ",".join(f"{random.uniform(-1, 1):.4f}" for _ in range(width))
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                f'wrk.body = \'{{"row":[{row}]}}\'\n')
PY
"$vecmlp" train --data "$work/w5.csv" --hidden 256,128 --activation relu --epochs 1 --save "$work/w5.vmlp" >/dev/null 2>&1
"$vecmlp" train --data "$work/wide.csv" --hidden 1024,1024 --activation relu --epochs 1 --save "$work/wide.vmlp" >/dev/null 2>&1
{
  echo "date:     $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit:   $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores)"
  echo "java:     $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "wrk:      $(wrk --version 2>&1 | head -1)"
  echo "serve:    --max-batch 64 (on) or 1 (off) ${wait_args[*]:-(default --max-wait-us)}"
  echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) before the run"
} > "$out/environment.txt"
printf "model\tbatching\tconnections\trequests_per_second\tp50_ms\tp99_ms\tnon_2xx\n" > "$out/http.tsv"
port=18080
for model in w5 wide; do
  for batching in on off; do
    max=64; [ "$batching" = off ] && max=1
    "$vecmlp" serve --model "$work/$model.vmlp" --port $port --max-batch $max --queue 100000 --timeout-ms 30000 \
      ${wait_args[@]+"${wait_args[@]}"} > "$work/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
    wrk -t2 -c64 -d3s -s "$work/$model.lua" "http://127.0.0.1:$port/v1/predict" >/dev/null # warm-up
    for c in 1 8 64 256; do
      threads=2; [ "$c" -lt 2 ] && threads=1 # wrk needs a connection a thread at least
      wrk -t$threads -c$c -d${seconds}s --latency -s "$work/$model.lua" "http://127.0.0.1:$port/v1/predict" \
        > "$work/wrk.txt"
      python3 - "$work/wrk.txt" "$model" "$batching" "$c" >> "$out/http.tsv" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"\s" + label + r"%\s+([\d.]+)(us|ms|s)", text)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{sys.argv[2]}\t{sys.argv[3]}\t{sys.argv[4]}\t{rps:.1f}\t{ms('50'):.3f}\t{ms('99'):.3f}\t{bad.group(1) if bad else 0}")
PY
    done
    kill -TERM $server; wait $server || true
  done
done
# The soak: wide, batching on, 256 connections for 30 s; every answer must be a 200, and the server's resident
# memory after it is compared with before it (after a warm-up).
"$vecmlp" serve --model "$work/wide.vmlp" --port $port --queue 100000 --timeout-ms 30000 \
  ${wait_args[@]+"${wait_args[@]}"} > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
java_pid=$(pgrep -P $server java || echo $server)
wrk -t2 -c256 -d5s -s "$work/wide.lua" "http://127.0.0.1:$port/v1/predict" >/dev/null # warm-up
live_heap() { # the heap still in use after a full collection: what the server keeps
  "$JAVA_HOME/bin/jcmd" "$java_pid" GC.run >/dev/null
  curl -sf "http://127.0.0.1:$port/metrics" | awk '/^vecmlp_heap_used_bytes/ {print $2}'
}
rss_before=$(awk '/VmRSS/ {print $2}' /proc/$java_pid/status)
heap_before=$(live_heap)
wrk -t2 -c256 -d30s --latency -s "$work/wide.lua" "http://127.0.0.1:$port/v1/predict" > "$work/soak.txt"
rss_after=$(awk '/VmRSS/ {print $2}' /proc/$java_pid/status)
heap_after=$(live_heap)
errors=$(curl -sf "http://127.0.0.1:$port/metrics" | awk '/^vecmlp_request_errors_total/ {print $2}')
kill -TERM $server; wait $server || true
{
  echo "soak: wide, batching on, 256 connections, 30 s"
  grep -E "requests in|Requests/sec|Non-2xx|Socket errors" "$work/soak.txt" | sed 's/^ */  /'
  echo "  server error answers (vecmlp_request_errors_total): $errors"
  echo "  server resident memory: ${rss_before} kB after the warm-up, ${rss_after} kB after the soak"
  echo "  live heap after a full collection: ${heap_before} bytes after the warm-up, ${heap_after} bytes after the soak"
} > "$out/soak.txt"
python3 - "$out/http.tsv" > "$out/http-summary.md" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
print("`vecmlp serve` under wrk on loopback (one row a request), batching on (`--max-batch 64`) and off (`--max-batch 1`); "
      "requests a second and wrk's latency percentiles.\n")
print("| model | connections | on: req/s | off: req/s | on / off | on: p50 ms | on: p99 ms | off: p50 ms | off: p99 ms | non-2xx |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for model in ("w5", "wide"):
    for c in ("1", "8", "64", "256"):
        on = next(r for r in rows if r["model"] == model and r["batching"] == "on" and r["connections"] == c)
        off = next(r for r in rows if r["model"] == model and r["batching"] == "off" and r["connections"] == c)
        ratio = float(on["requests_per_second"]) / float(off["requests_per_second"])
        print(f"| {model} | {c} | {float(on['requests_per_second']):,.0f} | {float(off['requests_per_second']):,.0f} | "
              f"{ratio:.2f}× | {on['p50_ms']} | {on['p99_ms']} | {off['p50_ms']} | {off['p99_ms']} | "
              f"{int(on['non_2xx']) + int(off['non_2xx'])} |")
PY
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) after the run" >> "$out/environment.txt"
echo "bench-serve-http: wrote $out" >&2
