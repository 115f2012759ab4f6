package one.webph.relay.control.ng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.relay.dtls.FakeBrowser;
import one.webph.relay.ice.IceLiteAgent;
import one.webph.relay.session.CallRegistry;

/**
 * WebRTC legs end to end on loopback, with a browser built from our own STUN, BouncyCastle's DTLS
 * client and our SRTP (the headless Chromium test checks the same against a real browser).
 */
@QuarkusTest
class WebRtcBridgeTest {

    @Inject
    NgServer server;

    @Inject
    CallRegistry calls;

    @Test
    @DisplayName("browser (SRTP) <-> SIP phone (RTP): ICE check answered, DTLS keys SRTP, media decrypted one way and encrypted the other; an injector gets nothing and changes nothing")
    void bridgesSrtpToRtp() throws Exception {
        String callId = "webrtc-" + UUID.randomUUID();
        int freeBefore = NgRelayTest.settledFreePortPairs(calls);
        try (NgClient ng = new NgClient(server.port()); FakeBrowser browser = new FakeBrowser();
             DatagramSocket phone = NgRelayTest.socket(); DatagramSocket injector = NgRelayTest.socket()) {
            Map<String, Object> offer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "browser",
                    "sdp", browser.offer(), "transport-protocol", "RTP/AVP", "ICE", "remove", "rtcp-mux", List.of("demux")));
            assertEquals("ok", offer.get("result"), () -> "offer: " + offer);
            String towardPhone = (String) offer.get("sdp");
            assertTrue(towardPhone.contains(" RTP/AVP ") && !towardPhone.contains("a=ice-") && !towardPhone.contains("a=fingerprint"), towardPhone);
            Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "browser",
                    "to-tag", "phone", "sdp", NgClient.sdp(phone.getLocalPort())));
            assertEquals("ok", answer.get("result"), () -> "answer: " + answer);
            String towardBrowser = (String) answer.get("sdp");
            assertTrue(towardBrowser.contains(" UDP/TLS/RTP/SAVPF ") && towardBrowser.contains("a=setup:passive"), towardBrowser);

            InetSocketAddress browserSide = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(answer));
            InetSocketAddress phoneSide = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(offer));

            // Before ICE: nothing the browser leg sends counts, and RTP from the phone has nowhere to go.
            byte[] early = IceLiteAgent.bindingRequest(attr(towardBrowser, "ice-ufrag") + ":x", "wrong-password-0123456789", true);
            injector.send(new DatagramPacket(early, early.length, browserSide));
            assertThrows(SocketTimeoutException.class, () -> injector.receive(new DatagramPacket(new byte[1500], 1500)),
                    "a badly signed check gets no answer");

            byte[] reply = browser.check(browserSide, attr(towardBrowser, "ice-ufrag"), attr(towardBrowser, "ice-pwd"));
            assertNotNull(reply, "signed Binding request answered");
            assertEquals(0x0101, (reply[0] & 0xFF) << 8 | reply[1] & 0xFF, "Binding success");
            browser.handshake(attr(towardBrowser, "fingerprint"));

            for (int i = 0; i < 10; i++) {
                if (i == 0) {
                    awaitFirstPacket(browser, phone);
                }
                byte[] fromBrowser = NgRelayTest.rtp(i, "browser says " + i);
                browser.sendRtp(fromBrowser);
                assertArrayEquals(fromBrowser, receive(phone), "the phone hears plain RTP");
                byte[] fromPhone = NgRelayTest.rtp(i, "phone says " + i);
                phone.send(new DatagramPacket(fromPhone, fromPhone.length, phoneSide));
                assertArrayEquals(fromPhone, browser.receiveMedia(), "the browser decrypts SRTP");
            }

            // RTP Bleed: packets and checks from another address reach nobody and move nothing.
            for (int i = 0; i < 5; i++) {
                byte[] forged = NgRelayTest.rtp(100 + i, "injected");
                injector.send(new DatagramPacket(forged, forged.length, browserSide));
                byte[] unsigned = IceLiteAgent.bindingRequest(attr(towardBrowser, "ice-ufrag") + ":evil", "guess-0123456789012345", true);
                injector.send(new DatagramPacket(unsigned, unsigned.length, browserSide));
            }
            assertThrows(SocketTimeoutException.class, () -> receive(phone), "nothing injected reaches the phone");
            assertThrows(SocketTimeoutException.class, () -> injector.receive(new DatagramPacket(new byte[1500], 1500)),
                    "the injector gets nothing back");
            byte[] stillThere = NgRelayTest.rtp(50, "phone again");
            phone.send(new DatagramPacket(stillThere, stillThere.length, phoneSide));
            assertArrayEquals(stillThere, browser.receiveMedia(), "media still goes to the real browser");

            String stats = String.valueOf(ng.send(Map.of("command", "query", "call-id", callId)));
            assertTrue(stats.contains("dropped wrong source=5"), stats);

            // ICE restart: the browser re-offers with a new ufrag; the relay answers with new credentials, which work.
            Map<String, Object> reoffer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "browser",
                    "sdp", browser.offer().replace("a=ice-ufrag:fake", "a=ice-ufrag:restart"),
                    "transport-protocol", "RTP/AVP", "ICE", "remove", "rtcp-mux", List.of("demux")));
            assertEquals("ok", reoffer.get("result"), () -> "re-offer: " + reoffer);
            Map<String, Object> reanswer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "browser",
                    "to-tag", "phone", "sdp", NgClient.sdp(phone.getLocalPort())));
            String restarted = (String) reanswer.get("sdp");
            assertTrue(!attr(restarted, "ice-ufrag").equals(attr(towardBrowser, "ice-ufrag")), "new ufrag after an ICE restart");
            assertEquals(NgClient.mediaPort(answer), NgClient.mediaPort(reanswer), "same port");
            assertNotNull(browser.check(browserSide, attr(restarted, "ice-ufrag"), attr(restarted, "ice-pwd")), "new credentials accepted");
            byte[] afterRestart = NgRelayTest.rtp(60, "after restart");
            phone.send(new DatagramPacket(afterRestart, afterRestart.length, phoneSide));
            assertArrayEquals(afterRestart, browser.receiveMedia(), "DTLS-SRTP keys survive the ICE restart");
        } finally {
            NgClient cleanup = new NgClient(server.port());
            cleanup.send(Map.of("command", "delete", "call-id", callId));
            cleanup.close();
        }
        NgRelayTest.assertPortsBack(calls, freeBefore, "ports back after delete");
    }

    @Test
    @DisplayName("browser <-> browser: each leg has its own DTLS keys; SRTP and muxed SRTCP cross both ways")
    void bridgesSrtpToSrtp() throws Exception {
        String callId = "webrtc2-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); FakeBrowser alice = new FakeBrowser(); FakeBrowser bob = new FakeBrowser()) {
            Map<String, Object> offer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "alice", "sdp", alice.offer()));
            assertEquals("ok", offer.get("result"), () -> "offer: " + offer);
            String towardBob = (String) offer.get("sdp");
            Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "alice",
                    "to-tag", "bob", "sdp", bob.offer().replace("a=setup:actpass", "a=setup:active")));
            assertEquals("ok", answer.get("result"), () -> "answer: " + answer);
            String towardAlice = (String) answer.get("sdp");
            assertTrue(!attr(towardAlice, "ice-ufrag").equals(attr(towardBob, "ice-ufrag")), "separate ICE credentials per leg");

            InetSocketAddress aliceSide = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(answer));
            InetSocketAddress bobSide = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(offer));
            assertNotNull(alice.check(aliceSide, attr(towardAlice, "ice-ufrag"), attr(towardAlice, "ice-pwd")));
            assertNotNull(bob.check(bobSide, attr(towardBob, "ice-ufrag"), attr(towardBob, "ice-pwd")));
            alice.handshake(attr(towardAlice, "fingerprint"));
            bob.handshake(attr(towardBob, "fingerprint"));
            boolean through = false;
            for (int attempt = 0; attempt < 10 && !through; attempt++) {
                alice.sendRtp(NgRelayTest.rtp(65000 + attempt, "warm-up"));
                through = bob.receiveMedia() != null;
            }
            assertTrue(through, "SRTP gets through once both handshakes are done");

            for (int i = 0; i < 5; i++) {
                byte[] a = NgRelayTest.rtp(i, "alice " + i);
                alice.sendRtp(a);
                assertArrayEquals(a, bob.receiveMedia());
                byte[] b = NgRelayTest.rtp(i, "bob " + i);
                bob.sendRtp(b);
                assertArrayEquals(b, alice.receiveMedia());
            }
            byte[] report = java.util.HexFormat.of().parseHex("81c90007deadbeef0102030405060708090a0b0c0d0e0f101112131415161718");
            alice.sendRtcp(report);
            assertArrayEquals(report, bob.receiveMedia(), "SRTCP muxed on the RTP port, re-keyed for the other leg");
        } finally {
            NgClient cleanup = new NgClient(server.port());
            cleanup.send(Map.of("command", "delete", "call-id", callId));
            cleanup.close();
        }
    }

    /** The DTLS server may set its keys a moment after the client has finished; the first packet may need a retry. */
    private static void awaitFirstPacket(FakeBrowser browser, DatagramSocket phone) throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            browser.sendRtp(NgRelayTest.rtp(65000 + attempt, "warm-up"));
            try {
                receive(phone);
                return;
            } catch (SocketTimeoutException e) {
                // try again
            }
        }
        throw new AssertionError("no SRTP got through after the handshake");
    }

    static String attr(String sdp, String name) {
        Matcher m = Pattern.compile("a=" + name + ":(.*)\r\n").matcher(sdp);
        assertTrue(m.find(), () -> "no a=" + name + " in " + sdp);
        return m.group(1).trim();
    }

    private static byte[] receive(DatagramSocket socket) throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        socket.receive(packet);
        return Arrays.copyOf(buf, packet.getLength());
    }
}
