#!/usr/bin/env bash
# The spark-submit path end to end, as a cluster meets it: Spark's own launcher (scripts/spark-submit) runs
# org.vecmlp.spark.TrainJob from the shaded spark/target/vecmlp-spark.jar alone (the engine and picocli inside it),
# reading a CSV file through Hadoop's file system, and its model file must equal, byte for byte, the one
# `vecmlp train --spark in-process` writes with the same options. scripts/test.sh runs it after the build.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv="$root/engine/src/test/resources/data/digits.csv"
options=(--label label --standardize --hidden 24 --epochs 3 --batch 64 --lr 0.003 --partitions 3 --seed 7)
echo "vecmlp: spark-submit check: TrainJob through Spark's launcher against vecmlp train --spark in-process" >&2
"$root/scripts/vecmlp" train --data "$csv" "${options[@]}" --spark in-process --save "$work/reference.vmlp" \
  > "$work/cli.out" 2> "$work/cli.err" || { cat "$work/cli.err" >&2; exit 1; }
"$root/scripts/spark-submit" --master "local[2]" --conf spark.driver.host=127.0.0.1 \
  --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false --class org.vecmlp.spark.TrainJob \
  "$root/spark/target/vecmlp-spark.jar" --data "file://$csv" "${options[@]}" --save "file://$work/job.vmlp" \
  > "$work/job.out" 2> "$work/job.err" || { cat "$work/job.err" >&2; exit 1; }
if ! cmp -s "$work/reference.vmlp" "$work/job.vmlp"; then
  echo "vecmlp: spark-submit check failed: TrainJob's model differs from vecmlp train --spark in-process's" >&2
  cat "$work/job.out" "$work/cli.out" >&2
  exit 1
fi
echo "vecmlp: spark-submit check passed: $(cat "$work/job.out")" >&2
