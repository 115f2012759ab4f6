package one.webph.webpush.delivery;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the local RFC 8030 push service ({@code src/test/node/push-service.mjs}, decrypting with
 * npm {@code http_ece}) for the tests, installing its one npm dependency first when needed.
 * Node and npm come from the machine; the tests fail, with the reason, when they are missing.
 */
public class LocalPushService implements QuarkusTestResourceLifecycleManager {

    static final Path HARNESS = Path.of("src/test/node");

    private Process process;

    @Override
    public Map<String, String> start() {
        try {
            if (!Files.isDirectory(HARNESS.resolve("node_modules/http_ece"))) {
                run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(HARNESS.toFile()));
            }
            process = new ProcessBuilder("node", "push-service.mjs").directory(HARNESS.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = output.readLine();
            if (line == null || !line.startsWith("listening ")) {
                throw new IllegalStateException("The local push service did not start: " + line);
            }
            return Map.of("test.push-service.url", "http://127.0.0.1:" + line.substring("listening ".length()).trim());
        } catch (IOException e) {
            throw new IllegalStateException("The webpush tests need node and npm (Node 20) on the PATH to run the local push service", e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
        }
    }

    private static void run(ProcessBuilder builder) throws IOException {
        builder.redirectErrorStream(true).redirectOutput(new File("target/npm-ci.log"));
        Process npm = builder.start();
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed in " + HARNESS + "; see target/npm-ci.log");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
