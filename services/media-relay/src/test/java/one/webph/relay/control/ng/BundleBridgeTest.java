package one.webph.relay.control.ng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.relay.dtls.FakeBrowser;
import one.webph.relay.session.CallRegistry;

/** Audio and video bundled on one port toward a browser (RFC 9143), a port per section toward a SIP phone. */
@QuarkusTest
class BundleBridgeTest {

    private static final int BROWSER_AUDIO_SSRC = 0x11111111;
    private static final int BROWSER_VIDEO_SSRC = 0x22222222;

    @Inject
    NgServer server;

    @Inject
    CallRegistry calls;

    @Test
    @DisplayName("a browser bundling audio and video <-> a SIP phone with a port per section: one relay port and the BUNDLE group toward the browser, each section's RTP and RTCP to the phone's port for it and back")
    void demultiplexesBundledSectionsToSeparatePorts() throws Exception {
        String callId = "bundle-" + UUID.randomUUID();
        int freeBefore = NgRelayTest.settledFreePortPairs(calls);
        try (NgClient ng = new NgClient(server.port()); FakeBrowser browser = new FakeBrowser();
             DatagramSocket phoneAudio = NgRelayTest.socket(); DatagramSocket phoneVideo = NgRelayTest.socket();
             DatagramSocket phoneVideoRtcp = NgRelayTest.socket()) {
            Map<String, Object> offer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "browser",
                    "sdp", browser.offerAudioVideo(), "transport-protocol", "RTP/AVP", "ICE", "remove", "rtcp-mux", List.of("demux")));
            assertEquals("ok", offer.get("result"), () -> "offer: " + offer);
            String towardPhone = (String) offer.get("sdp");
            assertNotEquals(port(towardPhone, "audio"), port(towardPhone, "video"), "a port per section toward the phone");
            assertTrue(!towardPhone.contains("a=group:BUNDLE"), "no BUNDLE group toward separate ports: " + towardPhone);

            String phoneSdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + phoneAudio.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                    + "m=video " + phoneVideo.getLocalPort() + " RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\na=rtcp:" + phoneVideoRtcp.getLocalPort() + "\r\n";
            Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "browser",
                    "to-tag", "phone", "sdp", phoneSdp));
            assertEquals("ok", answer.get("result"), () -> "answer: " + answer);
            String towardBrowser = (String) answer.get("sdp");
            assertEquals(port(towardBrowser, "audio"), port(towardBrowser, "video"), "both sections on one port toward the browser");
            assertTrue(towardBrowser.contains("a=group:BUNDLE 0 1\r\n") && towardBrowser.contains("a=mid:1\r\n"), towardBrowser);

            connect(browser, towardBrowser, 111, BROWSER_AUDIO_SSRC, phoneAudio);

            byte[] video = rtp(96, BROWSER_VIDEO_SSRC, 1, "a video frame");
            browser.sendRtp(video);
            assertArrayEquals(video, NgRelayTest.receive(phoneVideo), "video (payload type 96) reaches the phone's video port");
            assertThrows(SocketTimeoutException.class, () -> NgRelayTest.receive(phoneAudio), "and not its audio port");
            byte[] audio = rtp(111, BROWSER_AUDIO_SSRC, 20, "a voice frame");
            browser.sendRtp(audio);
            assertArrayEquals(audio, NgRelayTest.receive(phoneAudio), "audio by its learnt SSRC");
            byte[] report = HexFormat.of().parseHex("80c8000622222222" + "0102030405060708090a0b0c0d0e0f1011121314");
            browser.sendRtcp(report);
            assertArrayEquals(report, NgRelayTest.receive(phoneVideoRtcp), "SRTCP from the video SSRC reaches the phone's video RTCP port");

            byte[] fromPhoneVideo = rtp(96, 0x33333333, 1, "phone video");
            NgRelayTest.send(phoneVideo, fromPhoneVideo, new InetSocketAddress("127.0.0.1", port(towardPhone, "video")));
            assertArrayEquals(fromPhoneVideo, browser.receiveMedia(), "the phone's video comes back SRTP on the bundled port");
            byte[] fromPhoneAudio = rtp(0, 0x44444444, 1, "phone audio");
            NgRelayTest.send(phoneAudio, fromPhoneAudio, new InetSocketAddress("127.0.0.1", port(towardPhone, "audio")));
            assertArrayEquals(fromPhoneAudio, browser.receiveMedia(), "and so does its audio");
        } finally {
            NgClient.delete(server.port(), callId);
        }
        NgRelayTest.assertPortsBack(calls, freeBefore, "every port back after delete, the shared one once");
    }

    @Test
    @DisplayName("a SIP phone offering audio and video to a browser: the relay offers both on one port with its own BUNDLE group, and demultiplexes what the browser sends back")
    void bundlesTowardBrowserItOffersTo() throws Exception {
        String callId = "bundle-offer-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); FakeBrowser browser = new FakeBrowser();
             DatagramSocket phoneAudio = NgRelayTest.socket(); DatagramSocket phoneVideo = NgRelayTest.socket()) {
            String phoneSdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + phoneAudio.getLocalPort() + " RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n"
                    + "m=video " + phoneVideo.getLocalPort() + " RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n";
            Map<String, Object> offer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "phone", "sdp", phoneSdp,
                    "transport-protocol", "UDP/TLS/RTP/SAVPF", "ICE", "force", "rtcp-mux", List.of("offer")));
            assertEquals("ok", offer.get("result"), () -> "offer: " + offer);
            String towardBrowser = (String) offer.get("sdp");
            assertEquals(port(towardBrowser, "audio"), port(towardBrowser, "video"), "both sections on one port");
            assertTrue(towardBrowser.contains("a=group:BUNDLE 0 1\r\n"), towardBrowser);

            Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "phone", "to-tag", "browser",
                    "sdp", browser.offerAudioVideo().replace("a=setup:actpass", "a=setup:active")));
            assertEquals("ok", answer.get("result"), () -> "answer: " + answer);
            String towardPhone = (String) answer.get("sdp");
            assertNotEquals(port(towardPhone, "audio"), port(towardPhone, "video"));

            connect(browser, towardBrowser, 96, BROWSER_VIDEO_SSRC, phoneVideo);
            byte[] audio = rtp(111, BROWSER_AUDIO_SSRC, 1, "a voice frame");
            browser.sendRtp(audio);
            assertArrayEquals(audio, NgRelayTest.receive(phoneAudio), "audio reaches the phone's audio port");
            byte[] fromPhone = rtp(96, 0x55555555, 1, "phone video");
            NgRelayTest.send(phoneVideo, fromPhone, new InetSocketAddress("127.0.0.1", port(towardPhone, "video")));
            assertArrayEquals(fromPhone, browser.receiveMedia(), "and the phone's video comes back on the bundled port");
        } finally {
            NgClient.delete(server.port(), callId);
        }
    }

    /** ICE check and DTLS handshake on the bundled port, then warm-up packets of one section until the phone's port for it hears one. */
    private static void connect(FakeBrowser browser, String towardBrowser, int payloadType, int ssrc, DatagramSocket phone) throws Exception {
        InetSocketAddress bundled = new InetSocketAddress("127.0.0.1", port(towardBrowser, "audio"));
        assertNotNull(browser.check(bundled, WebRtcBridgeTest.attr(towardBrowser, "ice-ufrag"), WebRtcBridgeTest.attr(towardBrowser, "ice-pwd")));
        browser.handshake(WebRtcBridgeTest.attr(towardBrowser, "fingerprint"));
        boolean through = false;
        for (int attempt = 0; attempt < 10 && !through; attempt++) {
            browser.sendRtp(rtp(payloadType, ssrc, attempt, "warm-up"));
            through = receiveOrNull(phone) != null;
        }
        assertTrue(through, "payload type " + payloadType + " gets through to its section's port once DTLS has keyed SRTP");
    }

    private static int port(String sdp, String type) {
        Matcher m = Pattern.compile("m=" + type + " (\\d+) ").matcher(sdp);
        assertTrue(m.find(), () -> "no m=" + type + " in " + sdp);
        return Integer.parseInt(m.group(1));
    }

    private static byte[] rtp(int payloadType, int ssrc, int sequence, String payload) {
        byte[] packet = NgRelayTest.rtp(sequence, payload);
        packet[1] = (byte) payloadType;
        packet[8] = (byte) (ssrc >>> 24);
        packet[9] = (byte) (ssrc >>> 16);
        packet[10] = (byte) (ssrc >>> 8);
        packet[11] = (byte) ssrc;
        return packet;
    }

    private static byte[] receiveOrNull(DatagramSocket socket) throws Exception {
        try {
            return NgRelayTest.receive(socket);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }
}
