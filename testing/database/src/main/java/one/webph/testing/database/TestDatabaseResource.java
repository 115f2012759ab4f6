package one.webph.testing.database;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.logging.Logger;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * Quarkus test resource that points a service's datasource at a real, empty database.
 *
 * <p>Where a Docker engine answers, a Testcontainers MySQL 8 is started (the production engine).
 * Otherwise a database named {@code webphone_test_<module>_<checkout>} is dropped and created on the MariaDB
 * server every developer and CI machine runs at 127.0.0.1:3306 (root, no password), so modules
 * whose tests run at the same time never share tables. {@code WEBPHONE_TEST_DB_HOST},
 * {@code WEBPHONE_TEST_DB_PORT}, {@code WEBPHONE_TEST_DB_USER} and {@code WEBPHONE_TEST_DB_PASSWORD}
 * override that server; {@code WEBPHONE_TEST_DOCKER=false} skips the Docker probe.
 *
 * <p>Runs on the JUnit thread before Quarkus starts; the returned properties feed the
 * datasource, and Flyway then migrates the empty schema.
 */
public class TestDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(TestDatabaseResource.class.getName());

    private MySQLContainer container;

    @Override
    public Map<String, String> start() {
        if (dockerAvailable()) {
            container = new MySQLContainer("mysql:8.4").withDatabaseName("webphone");
            container.start();
            LOG.info("Test database: Testcontainers MySQL at " + container.getJdbcUrl());
            return datasource(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        String host = env("WEBPHONE_TEST_DB_HOST", "127.0.0.1");
        String port = env("WEBPHONE_TEST_DB_PORT", "3306");
        String user = env("WEBPHONE_TEST_DB_USER", "root");
        String password = env("WEBPHONE_TEST_DB_PASSWORD", "");
        String database = databaseName();
        recreate("jdbc:mariadb://" + host + ":" + port + "/", user, password, database);
        LOG.info("Test database: " + database + " on the local MariaDB at " + host + ":" + port);
        return datasource("jdbc:mysql://" + host + ":" + port + "/" + database
                + "?useSSL=false&allowPublicKeyRetrieval=true", user, password);
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
    }

    /**
     * The per-module database name, with a short hash of the checkout's path so two checkouts on
     * one machine (a developer's and CI's, or git worktrees) never drop each other's database
     * mid-run. Only letters, digits and underscores reach SQL.
     */
    static String databaseName() {
        String module = env("WEBPHONE_TEST_MODULE", "default");
        String checkout = Integer.toHexString(java.nio.file.Path.of("").toAbsolutePath().normalize().toString().hashCode() & 0xffffff);
        return "webphone_test_" + module.replaceAll("[^A-Za-z0-9]", "_") + "_" + checkout;
    }

    private static void recreate(String serverUrl, String user, String password, String database) {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `" + database + "`");
            statement.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("Tests need the MariaDB at " + serverUrl
                    + " (start it with: start-stop-daemon --start --oknodo --background --exec \"$(command -v mariadbd)\")", e);
        }
    }

    private static Map<String, String> datasource(String url, String user, String password) {
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    private static boolean dockerAvailable() {
        if ("false".equalsIgnoreCase(env("WEBPHONE_TEST_DOCKER", "auto"))) {
            return false;
        }
        boolean socket = java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"));
        if (!socket && System.getenv("DOCKER_HOST") == null) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
