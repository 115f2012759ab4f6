package one.webph.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

/** Runs the real migrations against the MariaDB at 127.0.0.1:3306, in a database of its own. */
class SchemaMigrationTest {

    static final String DATABASE = "webphone_test_schema_migration";

    @BeforeEach
    void freshDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(server(), user(), password()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        }
    }

    @Test
    @DisplayName("four services starting at once apply each migration exactly once")
    void concurrentStartsMigrateOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int service = i;
            Callable<Integer> run = () -> SchemaMigration.migrate(dataSource(), "service-" + service);
            runs.add(pool.submit(run));
        }
        int applied = 0;
        for (Future<Integer> run : runs) {
            applied += run.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long files = migrationFiles();
        assertEquals(files, applied, "the migrations were applied once in all");
        assertEquals(files, count("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1"));
        assertEquals(0, SchemaMigration.migrate(dataSource(), "late-service"), "a later start finds nothing to do");
    }

    @Test
    @DisplayName("a service's new migration in its own range applies after another service's higher versions ran")
    void migrationsOfEachRangeApplyOutOfOrder() throws Exception {
        SchemaMigration.migrate(dataSource(), "test");
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            // As a deployment from before sip-proxy's V12 looks: webpush's V20 and V21 ran, V12 did not.
            s.execute("DROP TABLE message_store");
            s.execute("DELETE FROM flyway_schema_history WHERE version = '12'");
        }
        assertEquals(1, SchemaMigration.migrate(dataSource(), "upgraded-sip-proxy"));
        assertEquals(0, count("SELECT COUNT(*) FROM message_store"), "the table exists again");
    }

    @Test
    @DisplayName("the subscriber table refuses a plaintext password")
    void subscriberRefusesPlaintextPasswords() throws Exception {
        SchemaMigration.migrate(dataSource(), "test");
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO subscriber (username, domain, ha1) VALUES ('99910000001', 'example.org', 'x')");
            assertThrows(SQLException.class, () ->
                    s.execute("INSERT INTO subscriber (username, domain, password) VALUES ('99910000002', 'example.org', 'secret')"));
            assertThrows(SQLException.class, () ->
                    s.execute("INSERT INTO subscriber (username, domain) VALUES ('99910000001', 'example.org')"),
                    "a number is unique per domain");
        }
        assertEquals(1, count("SELECT COUNT(*) FROM subscriber"));
    }

    private static long migrationFiles() throws IOException, URISyntaxException {
        Path folder = Path.of(SchemaMigration.class.getClassLoader().getResource("db/migration").toURI());
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static MariaDbDataSource dataSource() throws SQLException {
        MariaDbDataSource dataSource = new MariaDbDataSource(server() + DATABASE);
        dataSource.setUser(user());
        dataSource.setPassword(password());
        return dataSource;
    }

    private static String server() {
        return "jdbc:mariadb://" + env("WEBPHONE_TEST_DB_HOST", "127.0.0.1") + ":" + env("WEBPHONE_TEST_DB_PORT", "3306") + "/";
    }

    private static String user() {
        return env("WEBPHONE_TEST_DB_USER", "root");
    }

    private static String password() {
        return env("WEBPHONE_TEST_DB_PASSWORD", "");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
