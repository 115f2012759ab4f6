package one.webph.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteServiceTest {

    @TempDir
    Path root;

    @Test
    void aServiceRunsWithTheFlagsOfItsJvmOptionsFile() throws Exception {
        Path app = Files.createDirectories(root.resolve("services/sip-proxy/target/quarkus-app"));
        Files.writeString(app.resolve("quarkus-run.jar"), "");
        Files.writeString(root.resolve("services/sip-proxy/jvm.options"), "-XX:+UseSerialGC  -Xmx256m\n");
        Path other = Files.createDirectories(root.resolve("services/webpush/target/quarkus-app"));
        Files.writeString(other.resolve("quarkus-run.jar"), "");

        List<SuiteService> services = SuiteService.built(root);

        assertEquals(List.of("webpush", "sip-proxy"), services.stream().map(SuiteService::name).toList());
        assertEquals(List.of(), services.get(0).jvmOptions(), "no file: the JVM's defaults");
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx256m"), services.get(1).jvmOptions());
    }
}
