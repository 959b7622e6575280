#!/usr/bin/env bash
# Builds examples/ (a standalone user project) against the vecmlp artifacts in the local Maven repository, which
# scripts/test.sh installs first, and runs its Quickstart on the class path and on the module path, with the
# Vector API. Exits non-zero when a build or a run fails.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/jdk.sh"
vecmlp_use_jdk
vecmlp_require_maven
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
cd "$root/examples"
echo "vecmlp: building examples/ against the installed vecmlp artifacts" >&2
version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$root/pom.xml" | head -n 1) # the parent pom's
mvn -B -q --no-transfer-progress -Dstyle.color=never -Dvecmlp.version="$version" package
deps=$(cat target/runtime-path.txt)
model="$root/onnx/src/test/resources/org/vecmlp/onnx/fixtures/relu_softmax_opset13.onnx"
java="$JAVA_HOME/bin/java"
echo "vecmlp: examples on the class path" >&2
"$java" --add-modules jdk.incubator.vector -cp "target/classes:$deps" org.vecmlp.examples.Quickstart "$model"
echo "vecmlp: examples on the module path" >&2
"$java" --add-modules jdk.incubator.vector -p "target/classes:$deps" \
  -m org.vecmlp.examples/org.vecmlp.examples.Quickstart "$model"
