#!/usr/bin/env bash
# Runs the whole suite on this machine without Docker: builds what is needed, starts an embedded
# MariaDB (unless DB_URL is set, in .env or the environment), migrates the schema, starts every
# service, prints the URL to open. Data stays in ./data (DATA_DIR). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh
if [ "${SKIP_BUILD:-false}" != "true" ]; then
  echo "Building the suite (skip with SKIP_BUILD=true)..."
  ./mvnw -B -ntp -q install -DskipTests
fi
exec "$JAVA_HOME/bin/java" -Dwebphone.root="$PWD" -jar launcher/target/webphone-launcher.jar
