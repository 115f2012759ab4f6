package one.webph.relay.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SrtpContextTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    @DisplayName("key derivation gives RFC 3711 Appendix B.3's cipher key, salt and authentication key")
    void derivesRfc3711SessionKeys() {
        byte[] masterKey = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
        byte[] masterSalt = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
        assertEquals("c61e7a93744f39ee10734afe3ff7a087",
                HEX.formatHex(KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.RTP_ENCRYPTION, 16)));
        assertEquals("30cbbc08863d8c85d49db34a9ae1",
                HEX.formatHex(KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.RTP_SALT, 14)));
        assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa4",
                HEX.formatHex(KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.RTP_AUTHENTICATION, 20)));
    }

    @Test
    @DisplayName("AES counter mode gives RFC 3711 Appendix B.2's keystream")
    void counterModeKeystreamMatchesRfc3711() throws Exception {
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c"), "AES"));
        byte[] stream = new byte[32];
        new CounterMode(ecb).xor(HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000"), stream, 0, 32);
        assertEquals("e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab", HEX.formatHex(stream));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    @DisplayName("RTP protected by one side is unprotected by the other, byte for byte, across a sequence wrap")
    void rtpRoundTrip(SrtpProfile profile) {
        SrtpContext sender = context(profile);
        SrtpContext receiver = context(profile);
        for (int i = 0; i < 40; i++) {
            int seq = (65520 + i) & 0xFFFF;
            byte[] plain = rtp(seq, "payload " + i);
            byte[] buf = Arrays.copyOf(plain, plain.length + SrtpContext.MAX_OVERHEAD);
            int protectedLength = sender.protectRtp(buf, 0, plain.length);
            assertEquals(plain.length + profile.tagLength, protectedLength);
            assertNotEquals(HEX.formatHex(plain, 12, plain.length), HEX.formatHex(buf, 12, plain.length), "payload encrypted");
            assertEquals(plain.length, receiver.unprotectRtp(buf, 0, protectedLength));
            assertArrayEquals(plain, Arrays.copyOf(buf, plain.length));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    @DisplayName("a replayed or tampered SRTP packet is refused")
    void refusesReplayAndForgery(SrtpProfile profile) {
        SrtpContext sender = context(profile);
        SrtpContext receiver = context(profile);
        byte[] buf = Arrays.copyOf(rtp(7, "hello"), 64);
        int length = sender.protectRtp(buf, 0, 17);
        byte[] copy = buf.clone();
        byte[] tampered = buf.clone();
        tampered[14] ^= 1;
        assertEquals(-1, receiver.unprotectRtp(tampered, 0, length), "tampered");
        assertEquals(17, receiver.unprotectRtp(buf, 0, length));
        assertEquals(-1, receiver.unprotectRtp(copy, 0, length), "replayed");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    @DisplayName("RTCP protected by one side is unprotected by the other; a replay is refused")
    void rtcpRoundTrip(SrtpProfile profile) {
        SrtpContext sender = context(profile);
        SrtpContext receiver = context(profile);
        for (int i = 0; i < 3; i++) {
            byte[] plain = HEX.parseHex("81c90007deadbeef" + "0102030405060708090a0b0c0d0e0f101112131415161718");
            byte[] buf = Arrays.copyOf(plain, plain.length + SrtpContext.MAX_OVERHEAD);
            int length = sender.protectRtcp(buf, 0, plain.length);
            assertEquals(plain.length + 4 + profile.tagLength, length);
            byte[] copy = buf.clone();
            assertEquals(plain.length, receiver.unprotectRtcp(buf, 0, length));
            assertArrayEquals(plain, Arrays.copyOf(buf, plain.length));
            assertEquals(-1, receiver.unprotectRtcp(copy, 0, length), "replayed");
        }
    }

    @Test
    @DisplayName("the replay window accepts late packets once and forgets those far behind")
    void replayWindow() {
        ReplayWindow window = new ReplayWindow();
        window.record(100);
        assertEquals(true, window.isFresh(99));
        window.record(99);
        assertEquals(false, window.isFresh(99));
        assertEquals(false, window.isFresh(100 - 64));
        assertEquals(true, window.isFresh(101));
    }

    private static SrtpContext context(SrtpProfile profile) {
        byte[] key = new byte[profile.keyLength];
        byte[] salt = new byte[profile.saltLength];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 1);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (i * 13 + 5);
        }
        return new SrtpContext(profile, key, salt);
    }

    static byte[] rtp(int seq, String payload) {
        byte[] text = payload.getBytes();
        byte[] packet = new byte[12 + text.length];
        packet[0] = (byte) 0x80;
        packet[1] = 111;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        packet[8] = 0x11;
        packet[9] = 0x22;
        packet[10] = 0x33;
        packet[11] = 0x44;
        System.arraycopy(text, 0, packet, 12, text.length);
        return packet;
    }
}
