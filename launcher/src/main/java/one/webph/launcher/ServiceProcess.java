package one.webph.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the suite run as a child JVM ({@code java -jar quarkus-run.jar}) with the suite's
 * environment. Its output is copied line by line to ours, each line marked with the service name,
 * by a daemon thread per process.
 */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final SuiteService service;
    private final Process process;

    private ServiceProcess(SuiteService service, Process process) {
        this.service = service;
        this.process = process;
    }

    static ServiceProcess start(SuiteService service, Path java, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(service.jvmOptions());
        command.addAll(List.of("-jar", service.jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        Thread copier = new Thread(() -> copyOutput(service.name(), process), service.name() + "-output");
        copier.setDaemon(true);
        copier.start();
        return new ServiceProcess(service, process);
    }

    SuiteService service() {
        return service;
    }

    /** Waits until {@code /q/health/ready} answers 200, the process dies, or the time is up. */
    boolean awaitReady(int httpPort, Duration timeout) throws InterruptedException {
        URI health = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        return false;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the service to stop (SIGTERM: Quarkus shuts down gracefully), then insists. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                Console.warn(service.name() + " did not stop within " + grace.toSeconds() + " s; killing it");
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void copyOutput(String name, Process process) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Console.service(name, line);
            }
        } catch (IOException e) {
            // The process is gone; nothing more to copy.
        }
    }
}
