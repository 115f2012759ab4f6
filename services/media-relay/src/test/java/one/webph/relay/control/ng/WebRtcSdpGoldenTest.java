package one.webph.relay.control.ng;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The SDP the relay writes for each direction of a call, compared with golden files. Ports, ICE
 * credentials and the certificate fingerprint change per run and are masked first. Run with
 * {@code -Dgolden.update=true} to rewrite the files after a deliberate change (then review them).
 */
@QuarkusTest
class WebRtcSdpGoldenTest {

    @Inject
    NgServer server;

    @Test
    @DisplayName("plain -> plain: addresses and ports replaced, nothing else changes")
    void plainToPlain() throws Exception {
        check("phone-offer.sdp", Map.of(), "plain-to-plain.sdp");
    }

    @Test
    @DisplayName("plain -> WebRTC: UDP/TLS/RTP/SAVPF, a=ice-lite, our ufrag/pwd and host candidate, fingerprint, setup:passive, rtcp-mux, a mid")
    void plainToWebRtc() throws Exception {
        check("phone-offer.sdp", Map.of("transport-protocol", "UDP/TLS/RTP/SAVPF", "ICE", "force"), "plain-to-webrtc.sdp");
    }

    @Test
    @DisplayName("WebRTC -> plain: RTP/AVP, the browser's ICE, DTLS and rtcp-mux gone, a=rtcp with our RTCP port; mid and BUNDLE kept")
    void webRtcToPlain() throws Exception {
        check("browser-offer.sdp", Map.of("transport-protocol", "RTP/AVP", "ICE", "remove", "rtcp-mux", java.util.List.of("demux")),
                "webrtc-to-plain.sdp");
    }

    @Test
    @DisplayName("WebRTC -> WebRTC: the browser's ICE and DTLS replaced by ours, everything else kept")
    void webRtcToWebRtc() throws Exception {
        check("browser-offer.sdp", Map.of(), "webrtc-to-webrtc.sdp");
    }

    private void check(String input, Map<String, Object> flags, String golden) throws Exception {
        String callId = "golden-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port())) {
            Map<String, Object> command = new HashMap<>(flags);
            command.put("command", "offer");
            command.put("call-id", callId);
            command.put("from-tag", "caller");
            command.put("sdp", read("/sdp/" + input).replace("\n", "\r\n"));
            Map<String, Object> reply = ng.send(command);
            assertEquals("ok", reply.get("result"), () -> "offer: " + reply);
            String masked = mask((String) reply.get("sdp"));
            Path file = Path.of("src/test/resources/sdp/golden", golden);
            if (Boolean.getBoolean("golden.update")) {
                Files.writeString(file, masked.replace("\r\n", "\n"));
            }
            assertEquals(read("/sdp/golden/" + golden).replace("\n", "\r\n"), masked);
            ng.send(Map.of("command", "delete", "call-id", callId));
        }
    }

    static String mask(String sdp) {
        return sdp.replaceAll("(?m)^m=(\\w+) \\d+ ", "m=$1 PORT ")
                .replaceAll("(?m)^a=rtcp:\\d+", "a=rtcp:PORT")
                .replaceAll("(?m)^a=ice-ufrag:.*$", "a=ice-ufrag:UFRAG")
                .replaceAll("(?m)^a=ice-pwd:.*$", "a=ice-pwd:PWD")
                .replaceAll("(?m)^a=fingerprint:sha-256 .*$", "a=fingerprint:sha-256 FINGERPRINT")
                .replaceAll("(?m)^(a=candidate:\\S+ \\d \\S+ \\d+ \\S+) \\d+ typ", "$1 PORT typ");
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = WebRtcSdpGoldenTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
