#!/bin/bash
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; export PATH=$JAVA_HOME/bin:$PATH
cd /tmp/ab
for round in 1 2 3; do
  for v in old new; do
    java -jar /tmp/$v-bench.jar TrainStepBench -p variant=simd -p threads=1 -p workload=mnist,wide -f 1 -wi 3 -i 5 -w 1s -r 1s -rf json -rff $v-simd-$round.json > $v-simd-$round.log 2>&1
    java -jar /tmp/$v-bench.jar TrainStepBench -p variant=parallel -p threads=2 -p workload=mnist,wide -f 1 -wi 3 -i 5 -w 1s -r 1s -rf json -rff $v-par-$round.json > $v-par-$round.log 2>&1
  done
done
echo finished > done
