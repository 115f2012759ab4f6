package one.webph.sip.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * rtpengine (Debian rtpengine-daemon, userspace forwarding) as the media relay of the proxy under
 * test: a real ng peer, the one Kamailio setups use. Ports 40000-40999 on 127.0.0.1.
 */
public class RtpengineRelay implements QuarkusTestResourceLifecycleManager {

    static final int PORT_MIN = 40000;
    static final int PORT_MAX = 40999;
    static int ngPort;
    private Process process;

    @Override
    public Map<String, String> start() {
        try {
            ngPort = Sipp.freeUdpPort();
            Path work = Files.createDirectories(Path.of("target/rtpengine"));
            process = new ProcessBuilder("rtpengine", "--foreground", "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + ngPort,
                    "--port-min=" + PORT_MIN, "--port-max=" + PORT_MAX, "--table=-1", "--delete-delay=0", "--log-stderr", "--log-level=6",
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
