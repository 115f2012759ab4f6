package one.webph.webpush.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.util.Base64;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 8291 Appendix A, byte for byte. */
class WebPushEncryptionTest {

    static final Base64.Decoder B64 = Base64.getUrlDecoder();
    static final String PLAINTEXT = "V2hlbiBJIGdyb3cgdXAsIEkgd2FudCB0byBiZSBhIHdhdGVybWVsb24";
    static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    static final String AUTH_SECRET = "BTBZMqHH6r4Tts7J_aSIgg";
    static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    @DisplayName("encrypting the RFC 8291 example with its key pair and salt gives the RFC's body exactly")
    void reproducesRfc8291AppendixA() {
        KeyPair server = new KeyPair(P256.publicKey(B64.decode(AS_PUBLIC)), P256.privateKey(B64.decode(AS_PRIVATE)));
        byte[] body = WebPushEncryption.encrypt(B64.decode(PLAINTEXT), B64.decode(UA_PUBLIC), B64.decode(AUTH_SECRET),
                server, B64.decode(SALT));
        assertEquals(144, body.length);
        assertArrayEquals(B64.decode(BODY), body);
    }

    @Test
    @DisplayName("raw P-256 keys round-trip")
    void keysRoundTrip() {
        assertArrayEquals(B64.decode(AS_PUBLIC), P256.encode(P256.publicKey(B64.decode(AS_PUBLIC))));
        assertArrayEquals(B64.decode(AS_PRIVATE), P256.encode(P256.privateKey(B64.decode(AS_PRIVATE))));
    }

    @Test
    @DisplayName("a p256dh that is not on the curve, or not 65 bytes, is refused")
    void refusesBadKeys() {
        byte[] offCurve = B64.decode(UA_PUBLIC);
        offCurve[64] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> P256.publicKey(offCurve));
        assertThrows(IllegalArgumentException.class, () -> P256.publicKey(new byte[33]));
    }

    @Test
    @DisplayName("a message larger than one push can hold is refused")
    void refusesOversizedMessages() {
        WebPushEncryption encryption = new WebPushEncryption();
        byte[] ua = B64.decode(UA_PUBLIC);
        byte[] auth = B64.decode(AUTH_SECRET);
        assertEquals(WebPushEncryption.MAX_BODY, encryption.encrypt(new byte[WebPushEncryption.MAX_PLAINTEXT], ua, auth).length);
        assertThrows(IllegalArgumentException.class, () -> encryption.encrypt(new byte[WebPushEncryption.MAX_PLAINTEXT + 1], ua, auth));
    }
}
