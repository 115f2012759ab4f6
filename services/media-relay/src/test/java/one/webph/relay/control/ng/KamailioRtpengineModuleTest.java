package one.webph.relay.control.ng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Real peers: Kamailio 5.6 with its rtpengine module pointed at our relay, a sipp UAC playing
 * G.711 RTP from a pcap and a sipp UAS echoing it, all on loopback. Needs Debian's kamailio and
 * sip-tester; fails (does not skip) when they are missing.
 */
@QuarkusTest
class KamailioRtpengineModuleTest {

    static final int PROXY_PORT = 25080;
    static final int UAS_PORT = 25091;
    static final int UAC_PORT = 25090;

    @Inject
    NgServer server;

    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopPeers() {
        processes.forEach(Process::destroy);
    }

    @Test
    @DisplayName("a call through Kamailio's rtpengine module: our relay anchors it and RTP crosses it in both directions")
    void kamailioDrivesTheRelay() throws Exception {
        Path work = Files.createDirectories(Path.of("target/kamailio-test"));
        // sipp's uac_pcap scenario plays pcap/g711a.pcap and pcap/dtmf_2833_*.pcap, which the package ships.
        Path pcap = work.resolve("pcap");
        Files.deleteIfExists(pcap);
        Files.createSymbolicLink(pcap, Path.of("/usr/share/sip-tester"));
        String config;
        try (InputStream in = getClass().getResourceAsStream("/kamailio/relay-proxy.cfg")) {
            config = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replace("NG_PORT", Integer.toString(server.port()))
                    .replace("PROXY_PORT", Integer.toString(PROXY_PORT))
                    .replace("UAS_PORT", Integer.toString(UAS_PORT));
        }
        Files.writeString(work.resolve("kamailio.cfg"), config);

        start(work, "kamailio.log", "kamailio", "-f", "kamailio.cfg", "-DD", "-E", "-m", "64", "-M", "8", "-u", "root", "-g", "root");
        start(work, "uas.log", "sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", Integer.toString(UAS_PORT), "-rtp_echo",
                "-mi", "127.0.0.1", "-mp", "26100", "-m", "1", "-nostdin", "-bg");
        Thread.sleep(1500);
        Process uac = start(work, "uac.log", "sipp", "-sn", "uac_pcap", "-s", "echo", "-i", "127.0.0.1",
                "-p", Integer.toString(UAC_PORT), "-mi", "127.0.0.1", "-mp", "26200", "-m", "1", "-nostdin",
                "127.0.0.1:" + PROXY_PORT);

        // Mid-call, ask the relay what it carries, as an operator would.
        Map<String, Object> stats = null;
        try (NgClient ng = new NgClient(server.port())) {
            for (int i = 0; i < 40 && stats == null; i++) {
                Thread.sleep(250);
                List<?> calls = (List<?>) ng.send(Map.of("command", "list")).get("calls");
                if (!calls.isEmpty()) {
                    Thread.sleep(3000);
                    stats = ng.send(Map.of("command", "query", "call-id", calls.get(0)));
                }
            }
        }
        assertTrue(uac.waitFor(60, TimeUnit.SECONDS), "the sipp UAC finishes its call");
        assertEquals(0, uac.exitValue(), () -> "sipp UAC failed; see " + work.resolve("uac.log"));
        assertTrue(stats != null && "ok".equals(stats.get("result")), "the relay carried the call: " + stats);

        List<Long> packetsIn = new ArrayList<>();
        Map<?, ?> tags = (Map<?, ?>) stats.get("tags");
        for (Object tag : tags.values()) {
            Map<?, ?> stream = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) tag).get("medias")).get(0)).get("streams")).get(0);
            packetsIn.add((Long) ((Map<?, ?>) stream.get("stats")).get("packets"));
        }
        assertEquals(2, packetsIn.size(), "two legs: " + stats);
        assertTrue(packetsIn.get(0) > 50 && packetsIn.get(1) > 50, "RTP crossed the relay both ways: " + packetsIn);
    }

    private Process start(Path work, String log, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(new File(work.toFile(), log)).start();
        processes.add(process);
        return process;
    }
}
