#!/usr/bin/env bash
# The test command: builds every module and runs every test (JUnit 5 through Maven Surefire).
# Usage: scripts/test.sh [extra Maven arguments, e.g. -pl engine or -Dtest=GradientCheckTest]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/jdk.sh"
vecmlp_use_jdk
vecmlp_require_maven
echo "vecmlp: testing with JDK at $JAVA_HOME" >&2
cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
exec mvn -B --no-transfer-progress -Dstyle.color=never install "$@"
