package one.webph.relay.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {

    @Test
    @DisplayName("a plain RTP offer: peer address and ports read; rewritten with the relay's address, ports and origin")
    void rewritesPlainOffer() throws IOException {
        SessionDescription sdp = SessionDescription.parse(crlf(read("offer-plain.sdp")));
        SessionDescription.Media audio = sdp.media().get(0);
        assertEquals("192.0.2.10", audio.address());
        assertEquals(49170, audio.rtpPort());
        assertEquals(49171, audio.rtcpPort());
        assertEquals("RTP/AVP", audio.protocol());
        String rewritten = sdp.rewrite("203.0.113.5", List.of(new SessionDescription.RelayPorts(30000, 30001)), true, false, null);
        assertEquals(crlf(read("offer-plain.expected.sdp")), rewritten);
    }

    @Test
    @DisplayName("ICE attributes are removed toward a plain SIP device; codecs and mid pass through")
    void removesIce() throws IOException {
        SessionDescription sdp = SessionDescription.parse(crlf(read("offer-ice.sdp")));
        assertTrue(sdp.media().get(0).rtcpMux());
        String rewritten = sdp.rewrite("203.0.113.5", List.of(new SessionDescription.RelayPorts(30010, 30011)), false, true, "RTP/AVP");
        assertEquals(crlf(read("offer-ice.expected.sdp")), rewritten);
    }

    @Test
    @DisplayName("without a=rtcp the RTCP port is the RTP port plus one (RFC 3550)")
    void rtcpDefaultsToNextPort() {
        SessionDescription sdp = SessionDescription.parse("v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000 RTP/AVP 0\r\nm=video 5000 RTP/AVP 96\r\n");
        assertEquals(4001, sdp.media().get(0).rtcpPort());
        assertEquals(5000, sdp.media().get(1).rtpPort());
        assertEquals("192.0.2.1", sdp.media().get(1).address());
    }

    @Test
    @DisplayName("text that is not SDP is refused with a reason")
    void refusesGarbage() {
        assertThrows(IllegalArgumentException.class, () -> SessionDescription.parse("hello"));
        assertThrows(IllegalArgumentException.class, () -> SessionDescription.parse("v=0\r\nc=IN IP4 1.2.3.4\r\n"));
        assertThrows(IllegalArgumentException.class, () -> SessionDescription.parse("v=0\r\nm=audio 99999 RTP/AVP 0\r\n"));
        assertThrows(IllegalArgumentException.class, () -> SessionDescription.parse("v=0\r\nm=audio x RTP/AVP 0\r\n"));
    }

    @Test
    @DisplayName("BUNDLE: a group holding every section is seen, payload types read per section; toward one port our own group, toward separate ports none")
    void bundleGroups() {
        String bundled = "v=0\r\na=group:BUNDLE a v\r\nc=IN IP4 0.0.0.0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\na=mid:a\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=mid:v\r\n";
        SessionDescription sdp = SessionDescription.parse(bundled);
        assertTrue(sdp.bundlesAllSections());
        assertEquals(List.of(96, 97), sdp.media().get(1).payloadTypes());
        assertTrue(!SessionDescription.parse(bundled.replace("BUNDLE a v", "BUNDLE a")).bundlesAllSections(), "video left out");

        var separate = List.of(new SessionDescription.RelayPorts(30000, 30001), new SessionDescription.RelayPorts(30002, 30003));
        assertTrue(!sdp.rewrite("203.0.113.5", separate, false, true, "RTP/AVP").contains("a=group:BUNDLE"),
                "a group would be a lie toward a port per section");

        SessionDescription plain = SessionDescription.parse("v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000 RTP/AVP 0\r\nm=video 5000 RTP/AVP 96\r\n");
        var onePort = List.of(new SessionDescription.RelayPorts(30000, 30001), new SessionDescription.RelayPorts(30000, 30001));
        String towardBrowser = plain.rewrite(onePort, new SessionDescription.Rewrite("203.0.113.5", false, "UDP/TLS/RTP/SAVPF", true,
                new SessionDescription.Ice("ufrag", "pwd"), "sha-256 AA:BB", false, true, true, List.of(), null));
        assertTrue(towardBrowser.contains("a=group:BUNDLE 0 1\r\n") && towardBrowser.contains("a=mid:1\r\n"), towardBrowser);
        assertTrue(towardBrowser.contains("m=video 30000 UDP/TLS/RTP/SAVPF 96"), towardBrowser);
    }

    static String read(String name) throws IOException {
        try (InputStream in = SessionDescriptionTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
