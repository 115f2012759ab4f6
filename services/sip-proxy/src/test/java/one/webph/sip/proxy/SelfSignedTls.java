package one.webph.sip.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate (made by the machine's openssl) so the proxy under test opens its TLS
 * port, on a port of the system's choice.
 */
public class SelfSignedTls implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path folder = Files.createDirectories(Path.of("target/tls")).toAbsolutePath();
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", folder.resolve("privkey.pem").toString(), "-out", folder.resolve("fullchain.pem").toString(), "-days", "1",
                    "-subj", "/CN=localhost").redirectErrorStream(true).redirectOutput(folder.resolve("openssl.log").toFile()).start();
            if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IllegalStateException("openssl could not make a test certificate (see target/tls/openssl.log)");
            }
            return Map.of("sip.transport.tls-port", "0", "sip.transport.tls-certificate", folder.resolve("fullchain.pem").toString(),
                    "sip.transport.tls-key", folder.resolve("privkey.pem").toString());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot make a test certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
    }
}
