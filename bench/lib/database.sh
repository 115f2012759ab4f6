# Sourced by the benchmarks: a fresh database on the local MariaDB (127.0.0.1:3306, root), migrated
# the way production does it: a service (allocatenumber) starts on it, runs Flyway, and is stopped.
fresh_database() {
  local name=$1 jar=services/allocatenumber/target/quarkus-app/quarkus-run.jar pid
  [ -f "$jar" ] || ./mvnw -B -ntp -q -pl services/allocatenumber -am install -DskipTests
  mysql --protocol=tcp -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $name; CREATE DATABASE $name"
  DB_URL="jdbc:mysql://127.0.0.1:3306/$name" DB_USER=root DB_PASSWORD= ALLOCATENUMBER_HTTP_PORT=18999 \
    DATA_DIR="${WORK:-/tmp}/migrate" "$JAVA_HOME/bin/java" -jar "$jar" > "${WORK:-/tmp}/migrate.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do curl -sf http://127.0.0.1:18999/q/health/ready >/dev/null && break; sleep 1; done
  kill $pid; wait $pid 2>/dev/null || true
  mysql --protocol=tcp -h 127.0.0.1 -u root "$name" -e "SELECT 1 FROM flyway_schema_history LIMIT 1" >/dev/null \
    || { echo "Migrating $name failed; see ${WORK:-/tmp}/migrate.log" >&2; return 1; }
}
