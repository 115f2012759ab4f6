# Sourced by the scripts: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME if it is new enough, then the newest JDK under /usr/lib/jvm, then `java` on PATH.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

select_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*/bin/javac /opt/java/*/bin/javac; do
    [ -x "$candidate" ] || continue
    major=$(java_major "${candidate%/javac}/java")
    if [ "${major:-0}" -ge 21 ] && [ "${major:-0}" -gt "$best_major" ]; then
      best=$(dirname "$(dirname "$candidate")")
      best_major=$major
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(readlink -f "$(command -v javac)")
    major=$(java_major "${candidate%/javac}/java")
    if [ "${major:-0}" -ge 21 ]; then
      best=$(dirname "$(dirname "$candidate")")
    fi
  fi
  if [ -z "$best" ]; then
    echo "No JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm and PATH). Install one, e.g. apt-get install openjdk-21-jdk-headless." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

select_jdk
