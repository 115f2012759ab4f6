package one.webph.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service of the suite as the launcher knows it: its folder under {@code services/}, the
 * variable that sets its HTTP port and that port's default (as in {@code .env.example}).
 */
record SuiteService(String name, Path jar, String portVariable, int defaultPort, String role) {

    /** Start order: the token issuer first, the app last; each entry is name, port variable, default port, role. */
    private static final List<String[]> KNOWN = List.of(
            new String[] {"allocatenumber", "ALLOCATENUMBER_HTTP_PORT", "8082", "numbers and device tokens"},
            new String[] {"webpush", "WEBPUSH_HTTP_PORT", "8083", "Web Push wake-ups"},
            new String[] {"media-relay", "MEDIA_RELAY_HTTP_PORT", "8084", "RTP relay"},
            new String[] {"sip-proxy", "SIP_PROXY_HTTP_PORT", "8081", "SIP registrar and proxy"},
            new String[] {"pwa-host", "PWA_HOST_HTTP_PORT", "8080", "the phone app"});

    /**
     * The JVM flags from the service's {@code jvm.options} (heap size, collector), the same file its
     * container image and the benchmarks use.
     */
    List<String> jvmOptions() {
        Path file = jar.getParent().getParent().getParent().resolve("jvm.options");
        try {
            return Files.isRegularFile(file) ? List.of(Files.readString(file).trim().split("\\s+")) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + file, e);
        }
    }

    int port(Map<String, String> environment) {
        String value = environment.get(portVariable);
        return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.trim());
    }

    /** The services whose build output exists, in start order. */
    static List<SuiteService> built(Path root) {
        List<SuiteService> services = new ArrayList<>();
        for (String[] known : KNOWN) {
            Path jar = root.resolve("services").resolve(known[0]).resolve("target/quarkus-app/quarkus-run.jar");
            if (Files.isRegularFile(jar)) {
                services.add(new SuiteService(known[0], jar, known[1], Integer.parseInt(known[2]), known[3]));
            }
        }
        return services;
    }

    /** Names of known services that have a folder but no build output. */
    static List<String> unbuilt(Path root) {
        List<String> missing = new ArrayList<>();
        for (String[] known : KNOWN) {
            Path folder = root.resolve("services").resolve(known[0]);
            if (Files.isDirectory(folder) && !Files.isRegularFile(folder.resolve("target/quarkus-app/quarkus-run.jar"))) {
                missing.add(known[0]);
            }
        }
        return missing;
    }
}
