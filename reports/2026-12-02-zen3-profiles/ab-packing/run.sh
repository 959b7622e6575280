#!/bin/bash
# Old (d754bae) and new (the packB copy loop and vector zero stores) jars interleaved, 3 rounds.
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; export PATH=$JAVA_HOME/bin:$PATH
cd "$(dirname "$0")"
for round in 1 2 3; do
  for v in old new; do
    java -jar /tmp/$v-bench.jar TrainStepBench -p variant=simd -p threads=1 -p workload=mnist,wide -f 1 -wi 3 -i 5 -w 1s -r 1s -rf json -rff $v-simd-$round.json > $v-simd-$round.log 2>&1
  done
done
echo finished > done
