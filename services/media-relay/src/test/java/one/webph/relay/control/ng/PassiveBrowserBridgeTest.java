package one.webph.relay.control.ng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.relay.dtls.DtlsCertificate;
import one.webph.relay.dtls.FakeBrowser;

/**
 * The relay as DTLS client: a browser (our STUN, BouncyCastle's DTLS server, our SRTP) whose SDP
 * says {@code a=setup:passive}, bridged to a plain SIP phone through ng.
 */
@QuarkusTest
class PassiveBrowserBridgeTest {

    @Inject
    NgServer server;

    @Test
    @DisplayName("a browser saying a=setup:passive: the relay says active, sends the ClientHello after the ICE check, keys agree and SRTP <-> RTP crosses both ways")
    void relayIsDtlsClientTowardPassiveBrowser() throws Exception {
        String callId = "passive-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); FakeBrowser browser = new FakeBrowser(); DatagramSocket phone = NgRelayTest.socket()) {
            Call call = call(ng, callId, browser.offer().replace("a=setup:actpass", "a=setup:passive"), phone);
            assertTrue(call.towardBrowser.contains("a=setup:active\r\n") && !call.towardBrowser.contains("a=setup:passive"),
                    call.towardBrowser);

            assertNotNull(browser.check(call.browserSide, WebRtcBridgeTest.attr(call.towardBrowser, "ice-ufrag"),
                    WebRtcBridgeTest.attr(call.towardBrowser, "ice-pwd")), "signed Binding request answered");
            assertNotNull(browser.acceptHandshake(WebRtcBridgeTest.attr(call.towardBrowser, "fingerprint")),
                    "the relay's certificate is the one in its SDP, and a profile was agreed");

            boolean through = false;
            for (int attempt = 0; attempt < 10 && !through; attempt++) {
                browser.sendRtp(NgRelayTest.rtp(65000 + attempt, "warm-up"));
                through = receiveOrNull(phone) != null;
            }
            assertTrue(through, "SRTP from the browser gets through once the relay has its keys");
            for (int i = 0; i < 5; i++) {
                byte[] fromBrowser = NgRelayTest.rtp(i, "browser says " + i);
                browser.sendRtp(fromBrowser);
                assertArrayEquals(fromBrowser, NgRelayTest.receive(phone), "the phone hears plain RTP");
                byte[] fromPhone = NgRelayTest.rtp(i, "phone says " + i);
                NgRelayTest.send(phone, fromPhone, call.phoneSide);
                assertArrayEquals(fromPhone, browser.receiveMedia(), "the browser decrypts the relay's SRTP");
            }
        } finally {
            NgClient.delete(server.port(), callId);
        }
    }

    @Test
    @DisplayName("a passive browser whose certificate is not its SDP fingerprint: the relay refuses the handshake and no media crosses")
    void relayRefusesPassiveBrowserWithWrongFingerprint() throws Exception {
        String callId = "passive-bad-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); FakeBrowser browser = new FakeBrowser(); DatagramSocket phone = NgRelayTest.socket()) {
            String offer = browser.offer().replace("a=setup:actpass", "a=setup:passive");
            String lying = offer.replace(WebRtcBridgeTest.attr(offer, "fingerprint"), DtlsCertificate.generate().fingerprint().toString());
            Call call = call(ng, callId, lying, phone);
            assertNotNull(browser.check(call.browserSide, WebRtcBridgeTest.attr(call.towardBrowser, "ice-ufrag"),
                    WebRtcBridgeTest.attr(call.towardBrowser, "ice-pwd")));
            assertThrows(IOException.class, () -> browser.acceptHandshake(WebRtcBridgeTest.attr(call.towardBrowser, "fingerprint")),
                    "the relay aborts the handshake when the browser's certificate does not match its SDP");
            byte[] fromPhone = NgRelayTest.rtp(1, "phone says");
            NgRelayTest.send(phone, fromPhone, call.phoneSide);
            assertNull(browser.receiveMedia(), "no SRTP without keys");
            String stats = String.valueOf(ng.send(Map.of("command", "query", "call-id", callId)));
            assertTrue(stats.contains("dropped srtp=1"), stats);
        } finally {
            NgClient.delete(server.port(), callId);
        }
    }

    private record Call(String towardBrowser, InetSocketAddress browserSide, InetSocketAddress phoneSide) {
    }

    /** The browser offers, the phone answers; returns the SDP the browser gets and the relay's two sides. */
    private static Call call(NgClient ng, String callId, String browserOffer, DatagramSocket phone) throws Exception {
        Map<String, Object> offer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "browser",
                "sdp", browserOffer, "transport-protocol", "RTP/AVP", "ICE", "remove", "rtcp-mux", List.of("demux")));
        assertEquals("ok", offer.get("result"), () -> "offer: " + offer);
        Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "browser",
                "to-tag", "phone", "sdp", NgClient.sdp(phone.getLocalPort())));
        assertEquals("ok", answer.get("result"), () -> "answer: " + answer);
        return new Call((String) answer.get("sdp"), new InetSocketAddress("127.0.0.1", NgClient.mediaPort(answer)),
                new InetSocketAddress("127.0.0.1", NgClient.mediaPort(offer)));
    }

    private static byte[] receiveOrNull(DatagramSocket socket) throws Exception {
        try {
            return NgRelayTest.receive(socket);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

}
