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
  if ! command -v mvn >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "vecmlp: Maven not found; installing it with apt-get" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null || {
        echo "vecmlp: could not install Maven with apt-get; install Apache Maven 3.8+ by hand." >&2; return 1; }
    else
      echo "vecmlp: Maven (mvn) not found; install Apache Maven 3.8+." >&2
      return 1
    fi
  fi
}
