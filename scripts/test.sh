#!/usr/bin/env bash
# Runs every test of the project: unit tests, service tests against the real MariaDB
# (127.0.0.1:3306, root without password, or WEBPHONE_TEST_DB_*), and the protocol tests with
# real peers. Needs JDK 21+ (found automatically) and a running MariaDB.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh
echo "Using JDK at $JAVA_HOME"
exec ./mvnw -B -ntp verify "$@"
