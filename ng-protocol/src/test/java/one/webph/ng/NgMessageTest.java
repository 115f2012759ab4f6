package one.webph.ng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NgMessageTest {

    @Test
    @DisplayName("keys with spaces, hyphens or underscores mean the same, as in rtpengine")
    void normalizesKeys() {
        NgMessage message = parse("5323_1 d7:command5:offer7:call_id3:abc8:from tag1:a5:flagsl13:trust_address18:SIP Source Addressee");
        assertEquals("5323_1", message.cookie());
        assertEquals("offer", message.command());
        assertEquals(Optional.of("abc"), message.string("call-id"));
        assertEquals(Optional.of("a"), message.string("from-tag"));
        assertEquals(List.of("trust-address", "sip-source-address"), message.flags());
    }

    @Test
    @DisplayName("a datagram without a cookie or with a body that is not a dictionary is refused")
    void refusesBadDatagrams() {
        assertThrows(BencodeException.class, () -> parse("d7:command4:pinge"));
        assertThrows(BencodeException.class, () -> parse("abc l4:pinge"));
        assertEquals(Optional.of("abc"), NgMessage.cookieOf(bytes("abc garbage"), 0, 11));
    }

    @Test
    @DisplayName("a reply is the cookie, a space and the dictionary")
    void encodesReplies() {
        assertEquals("c1 d6:result4:ponge", new String(NgMessage.encode("c1", java.util.Map.of("result", "pong")), StandardCharsets.US_ASCII));
    }

    static NgMessage parse(String text) {
        byte[] bytes = bytes(text);
        return NgMessage.parse(bytes, 0, bytes.length);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
