#!/usr/bin/env bash
# The test command: builds every module and runs every test (JUnit 5 through Maven Surefire).
# Usage: scripts/test.sh [extra Maven arguments, e.g. -pl engine or -Dtest=GradientCheckTest]
#        (with no arguments it also builds examples/ against the installed artifacts, runs the spark-submit job
#        through Spark's launcher and compares its model with the command line's, and fuzzes the file readers for
#        about a minute; VECMLP_FUZZ=0 skips the fuzzing)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/jdk.sh"
source "$root/scripts/lib/chromium.sh"
vecmlp_use_jdk
vecmlp_require_maven
# The whole build, or a selection that names the playground, runs the live page's browser test.
case " $* " in
  *" -pl "*|*" --projects "*) case "$*" in *playground*) vecmlp_require_chromium ;; esac ;;
  *) vecmlp_require_chromium ;;
esac
echo "vecmlp: testing with JDK at $JAVA_HOME" >&2
cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -B --no-transfer-progress -Dstyle.color=never install "$@"
if [ $# -eq 0 ]; then
  bash "$root/scripts/examples.sh" # a user's project against the artifacts just installed
  bash "$root/scripts/lib/spark-submit-check.sh" # the spark-submit job jar through Spark's own launcher
fi
# A bounded fuzzing run of the file readers (Jazzer; ReadersFuzzTest): the whole suite only, not a selection. Each
# target fuzzes for its @FuzzTest maxDuration; a finding fails the run and is kept under
# engine/src/test/resources/org/vecmlp/fuzz/ReadersFuzzTestInputs/ as a regression input. VECMLP_FUZZ=0 skips it.
if [ $# -eq 0 ] && [ "${VECMLP_FUZZ:-1}" != 0 ]; then
  for target in modelFile csv idx; do
    echo "vecmlp: fuzzing ReadersFuzzTest#$target (Jazzer)" >&2
    JAZZER_FUZZ=1 mvn -B -q --no-transfer-progress -Dstyle.color=never -pl engine surefire:test \
      -Dtest="ReadersFuzzTest#$target" -Dsurefire.failIfNoSpecifiedTests=false
  done
  echo "vecmlp: fuzzing OnnxImportFuzzTest#onnx (Jazzer)" >&2
  JAZZER_FUZZ=1 mvn -B -q --no-transfer-progress -Dstyle.color=never -pl onnx surefire:test \
    -Dtest="OnnxImportFuzzTest#onnx" -Dsurefire.failIfNoSpecifiedTests=false
fi
