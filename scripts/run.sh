#!/usr/bin/env bash
# The main job: builds what is needed, trains a default network on the built-in spiral set with progress,
# prints the training summary and the check on a fresh sample on stdout, and writes the model and the metrics
# into an output folder.
# Usage: scripts/run.sh [OUTPUT_DIR]   (default: out/spiral)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="${1:-$root/out/spiral}"
mkdir -p "$out"
echo "vecmlp: training 2-16-16-1 (tanh, sigmoid + cross-entropy) on 2,000 spiral points; output in $out" >&2
"$root/scripts/vecmlp" info > "$out/environment.txt"
"$root/scripts/vecmlp" train --data spiral --samples 2000 --noise 0.1 --seed 1 \
  --hidden 16,16 --activation tanh --optimizer adam --lr 0.01 --batch 32 --epochs 100 \
  --save "$out/model.vmlp" --metrics "$out/metrics.json"
"$root/scripts/vecmlp" eval --model "$out/model.vmlp" --data spiral --samples 2000 --seed 2 | tee "$out/eval-fresh-sample.txt"
echo "vecmlp: wrote $out/model.vmlp, $out/metrics.json, $out/eval-fresh-sample.txt, $out/environment.txt" >&2
