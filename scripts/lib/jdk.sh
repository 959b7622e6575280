# Sourced by the scripts: finds a JDK >= 25 and exports JAVA_HOME and PATH for it.
# Order: $JAVA_HOME if it is new enough, then the newest JDK >= 25 under /usr/lib/jvm ($VECMLP_JVM_DIR overrides
# the folder, for tests). Fails with a clear message when none is found, also under `set -eu`.

vecmlp_java_major() { # $1 = a JDK home; prints its feature version, or nothing
  local release="$1/release" version=""
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  fi
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  printf '%s' "$version"
}

vecmlp_find_jdk() {
  local min=25 candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(vecmlp_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$min" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
      printf '%s' "$JAVA_HOME"; return 0
    fi
  fi
  for candidate in "${VECMLP_JVM_DIR:-/usr/lib/jvm}"/*; do
    [ -d "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(vecmlp_java_major "$candidate")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -n "$best" ]; then printf '%s' "$best"; fi
}

vecmlp_use_jdk() {
  local home
  home=$(vecmlp_find_jdk) || home=""
  if [ -z "$home" ]; then
    echo "vecmlp: no JDK 25 or newer found (JAVA_HOME='${JAVA_HOME:-}' is older or unset, and ${VECMLP_JVM_DIR:-/usr/lib/jvm} has none)." >&2
    echo "vecmlp: install one (e.g. Temurin 25) under /usr/lib/jvm or point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME="$home"
  export PATH="$JAVA_HOME/bin:$PATH"
}

vecmlp_require_maven() {
  # The Maven Wrapper (mvnw, .mvn/wrapper/) fetches the Maven version the project pins from Maven Central on first
  # use, into ~/.m2/wrapper; it needs curl or wget to download and unzip or tar to unpack. After this, `mvn` in the
  # calling script is the wrapper.
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  if ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "vecmlp: neither curl nor wget found (the Maven Wrapper needs one); installing curl with apt-get" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null || {
        echo "vecmlp: could not install curl with apt-get; install curl or wget by hand." >&2; return 1; }
    else
      echo "vecmlp: the Maven Wrapper needs curl or wget to fetch Maven; install one of them." >&2
      return 1
    fi
  fi
  eval "mvn() { \"$root/mvnw\" \"\$@\"; }"
}

# True when FILE (a built jar) is missing or a main source or resource or a pom under the given paths is newer than it.
vecmlp_stale() {
  local file="$1"; shift
  [ ! -f "$file" ] && return 0
  [ -n "$(find "$@" -newer "$file" \( \( -type f -path '*src/main/*' \) -o -name pom.xml \) \
          -not -path '*/target/*' 2>/dev/null | head -n 1)" ]
}
