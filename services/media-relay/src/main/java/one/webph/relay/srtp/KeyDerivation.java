package one.webph.relay.srtp;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 3711 section 4.3 key derivation with a key derivation rate of 0 (what DTLS-SRTP uses): each
 * session key is AES counter-mode keystream under the master key, started at
 * {@code (master_salt XOR (label << 48)) << 16}. An AEAD master salt (96 bits, RFC 7714 section
 * 11) is padded with zeros to the 112 bits this formula expects.
 */
final class KeyDerivation {

    static final int RTP_ENCRYPTION = 0;
    static final int RTP_AUTHENTICATION = 1;
    static final int RTP_SALT = 2;
    static final int RTCP_ENCRYPTION = 3;
    static final int RTCP_AUTHENTICATION = 4;
    static final int RTCP_SALT = 5;

    private KeyDerivation() {
    }

    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, Math.min(14, masterSalt.length));
        // key_id = label || index DIV kdr (48 bits, zero here), right-aligned in the 112-bit salt.
        iv[7] ^= (byte) label;
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            CounterMode counter = new CounterMode(aes);
            byte[] out = new byte[length];
            counter.xor(iv, out, 0, length);
            return out;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("AES is missing from this JDK", e);
        }
    }
}
