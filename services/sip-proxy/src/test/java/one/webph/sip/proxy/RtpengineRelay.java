package one.webph.sip.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * rtpengine (Debian rtpengine-daemon, userspace forwarding) as the media relay of the proxy under
 * test: a real ng peer, the one Kamailio setups use. Ports 35000-35999 on 127.0.0.1, no
 * configuration file (Debian's would open more listeners that a second rtpengine on the machine may hold).
 */
public class RtpengineRelay implements QuarkusTestResourceLifecycleManager {

    static final int PORT_MIN = 35000;
    static final int PORT_MAX = 35999;
    static int ngPort;
    private Process process;

    @Override
    public Map<String, String> start() {
        try {
            ngPort = Sipp.freeUdpPort();
            int cliPort;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                cliPort = probe.getLocalPort(); // rtpengine's CLI port defaults to 2224: another rtpengine may hold it.
            }
            Path work = Files.createDirectories(Path.of("target/rtpengine"));
            process = new ProcessBuilder("rtpengine", "--config-file=none", "--foreground", "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + ngPort,
                    "--port-min=" + PORT_MIN, "--port-max=" + PORT_MAX, "--table=-1", "--delete-delay=0", "--listen-cli=127.0.0.1:" + cliPort, "--log-stderr", "--log-level=6",
                    "--pidfile=" + work.toAbsolutePath().resolve("rtpengine.pid"))
                    .redirectErrorStream(true).redirectOutput(new File(work.toFile(), "rtpengine.log")).start();
            Thread.sleep(500);
            if (!process.isAlive()) {
                throw new IllegalStateException("rtpengine did not start (see target/rtpengine/rtpengine.log); install rtpengine-daemon");
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start rtpengine: " + e.getMessage(), e);
        }
        return Map.of("sip.media.relays", "127.0.0.1:" + ngPort);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
        }
    }
}
