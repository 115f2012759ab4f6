package one.webph.relay.control.ng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.relay.ice.IceLiteAgent;

/**
 * A real browser as a WebRTC leg: headless Chromium (Debian {@code chromium}) driven by
 * playwright-core from {@code src/test/node}, its offer and answer passing through the relay by
 * ng. Skipped, with the reason, when Chromium or node is missing.
 */
@QuarkusTest
class BrowserLegTest {

    private static final Logger LOG = Logger.getLogger(BrowserLegTest.class);
    private static final Path NODE_DIR = Path.of("src/test/node");
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/lib/chromium/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    NgServer server;

    @BeforeAll
    static void needsChromiumAndNode() throws Exception {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute(),
                "Chromium not installed at " + CHROMIUM + " (Debian package chromium, listed in scripts/test-packages.txt): browser leg test skipped");
        Assumptions.assumeTrue(run(List.of("node", "--version"), 30) == 0, "node not installed: browser leg test skipped");
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/playwright-core"))) {
            int npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            Assumptions.assumeTrue(npm == 0, "npm ci failed in src/test/node (registry unreachable?): browser leg test skipped");
        }
    }

    @Test
    @DisplayName("Chromium (SRTP) <-> plain RTP echo: getStats shows inbound audio rising, the plain side counts the browser's packets; an injector gets nothing and changes nothing")
    void browserToPlainEcho() throws Exception {
        String callId = "chromium-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); BrowserProcess browser = new BrowserProcess("one");
             DatagramSocket phone = NgRelayTest.socket(); DatagramSocket injector = NgRelayTest.socket()) {
            String offerSdp = browser.next("offer").asText();
            Map<String, Object> offer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "browser", "sdp", offerSdp,
                    "transport-protocol", "RTP/AVP", "ICE", "remove", "rtcp-mux", List.of("demux"), "replace", List.of("origin")));
            assertEquals("ok", offer.get("result"), () -> "offer: " + offer);
            Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "browser", "to-tag", "phone",
                    "sdp", NgClient.sdp(phone.getLocalPort()).replace("RTP/AVP 0", "RTP/AVP 0 8")
                            + "a=rtpmap:8 PCMA/8000\r\na=rtcp:" + phone.getLocalPort() + "\r\na=sendrecv\r\n"));
            assertEquals("ok", answer.get("result"), () -> "answer: " + answer);
            String towardBrowser = (String) answer.get("sdp");
            InetSocketAddress browserSide = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(answer));
            InetSocketAddress phoneSide = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(offer));
            browser.send(Map.of("answer", towardBrowser));

            AtomicInteger heard = new AtomicInteger();
            AtomicInteger rtcpHeard = new AtomicInteger();
            Thread echo = Thread.ofVirtual().start(() -> echo(phone, phoneSide, heard, rtcpHeard));
            List<JsonNode> samples = browser.samples();
            echo.interrupt();

            JsonNode last = samples.get(samples.size() - 1).get(0);
            JsonNode middle = samples.get(samples.size() / 2).get(0);
            LOG.infof("Chromium leg: %s; the plain side heard %d RTP and %d RTCP packets; %s", last, heard.get(), rtcpHeard.get(),
                    ng.send(Map.of("command", "query", "call-id", callId)));
            assertTrue(rtcpHeard.get() > 0, "the browser's SRTCP reaches the plain side decrypted");
            assertTrue(last.get("remoteReports").asInt() > 0, "our receiver reports reach the browser as SRTCP: " + last);
            assertEquals("connected", last.get("dtls").asText(), "DTLS connected: " + last);
            assertTrue(last.get("inbound").asInt() > middle.get("inbound").asInt() && last.get("inbound").asInt() > 20,
                    "the browser receives audio, rising: " + samples);
            assertTrue(heard.get() > 20, "the plain side hears the browser: " + heard.get());

            // An injector at the browser-facing port: nothing back, no new peer, media unharmed.
            String before = endpoints(ng, callId);
            for (int i = 0; i < 5; i++) {
                byte[] rtp = NgRelayTest.rtp(1000 + i, "injected");
                injector.send(new DatagramPacket(rtp, rtp.length, browserSide));
                byte[] stun = IceLiteAgent.bindingRequest(WebRtcBridgeTest.attr(towardBrowser, "ice-ufrag") + ":evil",
                        "not-the-password-0123456789", true);
                injector.send(new DatagramPacket(stun, stun.length, browserSide));
            }
            assertThrows(SocketTimeoutException.class, () -> injector.receive(new DatagramPacket(new byte[1500], 1500)));
            assertEquals(before, endpoints(ng, callId), "the browser leg's peer did not move");
        } finally {
            NgClient.delete(server.port(), callId);
        }
    }

    @Test
    @DisplayName("plain RTP phone offers, Chromium answers (RTP/AVP -> UDP/TLS/RTP/SAVPF offer with a=setup:passive): audio both ways")
    void plainOffersBrowserAnswers() throws Exception {
        String callId = "chromium-answerer-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); BrowserProcess browser = new BrowserProcess("answerer");
             DatagramSocket phone = NgRelayTest.socket()) {
            Map<String, Object> offer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "phone",
                    "sdp", NgClient.sdp(phone.getLocalPort()) + "a=sendrecv\r\n", "transport-protocol", "UDP/TLS/RTP/SAVPF"));
            assertEquals("ok", offer.get("result"), () -> "offer: " + offer);
            browser.send(Map.of("remoteOffer", offer.get("sdp")));
            Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "phone",
                    "to-tag", "browser", "sdp", browser.next("answer").asText()));
            assertEquals("ok", answer.get("result"), () -> "answer: " + answer);
            assertTrue(((String) answer.get("sdp")).contains(" RTP/AVP "), "the phone gets RTP/AVP back: " + answer.get("sdp"));
            InetSocketAddress phoneSide = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(answer));

            AtomicInteger heard = new AtomicInteger();
            Thread echo = Thread.ofVirtual().start(() -> echo(phone, phoneSide, heard, new AtomicInteger()));
            List<JsonNode> samples = browser.samples();
            echo.interrupt();
            JsonNode last = samples.get(samples.size() - 1).get(0);
            LOG.infof("Chromium answerer: %s; the phone heard %d packets", last, heard.get());
            assertEquals("connected", last.get("dtls").asText(), "DTLS connected: " + last);
            assertTrue(last.get("inbound").asInt() > 20, "the browser receives audio: " + samples);
            assertTrue(heard.get() > 20, "the phone hears the browser: " + heard.get());
        } finally {
            NgClient.delete(server.port(), callId);
        }
    }

    @Test
    @DisplayName("Chromium <-> Chromium through the relay (SRTP <-> SRTP, separate DTLS per leg): both receive audio")
    void browserToBrowser() throws Exception {
        String callId = "chromium2-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); BrowserProcess browser = new BrowserProcess("two")) {
            callThroughRelay(ng, browser, callId, (towardCallee, towardCaller) -> { });
            List<JsonNode> samples = browser.samples();
            JsonNode last = samples.get(samples.size() - 1);
            LOG.infof("Chromium legs: %s", last);
            for (JsonNode leg : last) {
                assertEquals("connected", leg.get("dtls").asText(), "DTLS connected: " + last);
                assertTrue(leg.get("inbound").asInt() > 20, "each browser receives the other's audio: " + samples);
            }
        } finally {
            NgClient.delete(server.port(), callId);
        }
    }

    @Test
    @DisplayName("Chromium <-> Chromium with audio and video bundled (max-bundle) through the relay: one port per leg, both receive audio and video")
    void bundledAudioAndVideo() throws Exception {
        String callId = "chromium-video-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); BrowserProcess browser = new BrowserProcess("two", "video")) {
            callThroughRelay(ng, browser, callId, (towardCallee, towardCaller) -> {
                assertTrue(towardCallee.contains("a=group:BUNDLE"), "the bundle group goes on: " + towardCallee);
                assertEquals(1, mediaPorts(towardCallee).size(), "audio and video on one port: " + towardCallee);
                assertEquals(1, mediaPorts(towardCaller).size(), "one port toward the caller too: " + towardCaller);
            });
            List<JsonNode> samples = browser.samples();
            JsonNode last = samples.get(samples.size() - 1);
            LOG.infof("Chromium legs with video: %s", last);
            for (JsonNode leg : last) {
                assertEquals("connected", leg.get("dtls").asText(), "DTLS connected: " + last);
                assertTrue(leg.get("inbound").asInt() > 20, "each browser receives the other's audio: " + samples);
                assertTrue(leg.get("videoInbound").asInt() > 20, "each browser receives the other's video: " + samples);
            }
        } finally {
            NgClient.delete(server.port(), callId);
        }
    }

    /** The distinct ports of an SDP's m= lines (0, a bundle-only section, not counted). */
    /**
     * The harness's two pages call each other through the relay: page one's offer goes through
     * {@code offer} to page two, whose answer goes through {@code answer} back. {@code check}
     * sees both rewritten SDPs before the caller applies the answer.
     */
    private static void callThroughRelay(NgClient ng, BrowserProcess browser, String callId,
                                         java.util.function.BiConsumer<String, String> check) throws Exception {
        Map<String, Object> offer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "a",
                "sdp", browser.next("offer").asText()));
        assertEquals("ok", offer.get("result"), () -> "offer: " + offer);
        String towardCallee = (String) offer.get("sdp");
        browser.send(Map.of("remoteOffer", towardCallee));
        Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "a", "to-tag", "b",
                "sdp", browser.next("answer").asText()));
        assertEquals("ok", answer.get("result"), () -> "answer: " + answer);
        String towardCaller = (String) answer.get("sdp");
        check.accept(towardCallee, towardCaller);
        browser.send(Map.of("answer", towardCaller));
    }

    private static java.util.Set<String> mediaPorts(String sdp) {
        java.util.Set<String> ports = new java.util.HashSet<>();
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("m=") && !line.split(" ")[1].equals("0")) {
                ports.add(line.split(" ")[1]);
            }
        }
        return ports;
    }

    /**
     * The plain RTP side: counts what the browser sends and echoes it back under another SSRC;
     * counts the browser's RTCP (SRTCP the relay decrypted) and, every 50 packets, answers with a
     * receiver report about the browser's stream (which the relay must encrypt as SRTCP for the
     * browser to take it). RTCP comes and goes on the RTP port ({@code a=rtcp} says so).
     */
    private static void echo(DatagramSocket phone, InetSocketAddress relay, AtomicInteger heard, AtomicInteger rtcpHeard) {
        byte[] buf = new byte[2048];
        InetSocketAddress relayRtcp = new InetSocketAddress(relay.getAddress(), relay.getPort() + 1);
        while (!Thread.currentThread().isInterrupted() && !phone.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                phone.receive(packet);
                if (packet.getLength() < 12) {
                    continue;
                }
                if ((buf[1] & 0xFF) >= 192 && (buf[1] & 0xFF) <= 223) {
                    rtcpHeard.incrementAndGet();
                    continue;
                }
                if (heard.incrementAndGet() % 50 == 0) {
                    byte[] report = receiverReport(buf);
                    phone.send(new DatagramPacket(report, report.length, relayRtcp));
                }
                buf[8] ^= 0x5A;
                phone.send(new DatagramPacket(buf, packet.getLength(), relay));
            } catch (SocketTimeoutException e) {
                // keep listening
            } catch (Exception e) {
                return;
            }
        }
    }

    /** RFC 3550 section 6.4.2: one report block about the RTP packet's source, nothing lost. */
    private static byte[] receiverReport(byte[] rtp) {
        java.nio.ByteBuffer report = java.nio.ByteBuffer.allocate(32);
        report.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(0x0BADCAFE);
        report.put(rtp, 8, 4);
        report.putInt(0);
        report.putInt(((rtp[2] & 0xFF) << 8) | (rtp[3] & 0xFF));
        report.putInt(0).putInt(0).putInt(0);
        return report.array();
    }

    private static String endpoints(NgClient ng, String callId) throws Exception {
        String query = String.valueOf(ng.send(Map.of("command", "query", "call-id", callId)));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("endpoint=[^,}]*").matcher(query);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group());
        }
        return found.toString();
    }

    private static int run(List<String> command, int seconds) throws Exception {
        try {
            Process process = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** {@code node browser-leg.mjs}: JSON lines both ways. */
    private static final class BrowserProcess implements AutoCloseable {
        private final Process process;
        private final Writer stdin;
        private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();

        BrowserProcess(String... arguments) throws Exception {
            List<String> command = new java.util.ArrayList<>(List.of("node", "browser-leg.mjs"));
            command.addAll(List.of(arguments));
            process = new ProcessBuilder(command).directory(NODE_DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(JSON.readTree(line));
                    }
                } catch (Exception e) {
                    LOG.debugf("browser output ended: %s", e.getMessage());
                }
            });
        }

        JsonNode next(String field) throws Exception {
            JsonNode line = lines.poll(60, TimeUnit.SECONDS);
            assertNotNull(line, "no output from the browser within 60 s");
            if (line.has("error")) {
                throw new AssertionError("browser: " + line.get("error").asText());
            }
            assertTrue(line.has(field), () -> "expected " + field + " from the browser, got " + line);
            return line.get(field);
        }

        void send(Map<String, Object> message) throws Exception {
            stdin.write(JSON.writeValueAsString(message) + "\n");
            stdin.flush();
        }

        /** getStats samples until the script is done. */
        List<JsonNode> samples() throws Exception {
            List<JsonNode> samples = new ArrayList<>();
            while (true) {
                JsonNode line = lines.poll(60, TimeUnit.SECONDS);
                assertNotNull(line, "the browser stopped reporting");
                if (line.has("error")) {
                    throw new AssertionError("browser: " + line.get("error").asText());
                }
                if (line.has("done")) {
                    return samples;
                }
                samples.add(line.get("stats"));
            }
        }

        @Override
        public void close() throws Exception {
            stdin.close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
