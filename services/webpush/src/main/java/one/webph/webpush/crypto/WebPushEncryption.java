package one.webph.webpush.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188):
 * a fresh P-256 key pair and salt per message, ECDH with the subscription's {@code p256dh},
 * HKDF with its {@code auth} secret, one AES-128-GCM record. No I/O; thread-safe. An instance
 * remembers recent recipients' public keys to speed up ECDH with them ({@link RecipientKeys}).
 */
public final class WebPushEncryption {

    /** RFC 8030 §5.2: push services accept at least 4096 bytes of body. */
    public static final int MAX_BODY = 4096;
    /** Body = header (86) + plaintext + delimiter (1) + tag (16). */
    public static final int MAX_PLAINTEXT = MAX_BODY - 86 - 1 - 16;
    static final int RECORD_SIZE = 4096;

    private final SecureRandom random = new SecureRandom();
    private final RecipientKeys recipients = new RecipientKeys(RecipientKeys.DEFAULT_MAX_KEYS);

    /** Encrypts with a new key pair and salt (RFC 8291 §3.1: a new key pair for every message). */
    public byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
        checkInput(plaintext, uaPublic, authSecret);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[][] serverKeys = Ecdh.generate(random);
        return seal(plaintext, uaPublic, authSecret, serverKeys[1], salt, recipients.agree(serverKeys[0], uaPublic));
    }

    /** Encrypts with the given server key pair and salt: for the RFC 8291 Appendix A vector. */
    public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret, KeyPair serverKeys, byte[] salt) {
        return encrypt(plaintext, uaPublic, authSecret, P256.encode((ECPrivateKey) serverKeys.getPrivate()),
                P256.encode((ECPublicKey) serverKeys.getPublic()), salt);
    }

    static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret, byte[] asPrivate, byte[] asPublic, byte[] salt) {
        checkInput(plaintext, uaPublic, authSecret);
        return seal(plaintext, uaPublic, authSecret, asPublic, salt, Ecdh.agree(asPrivate, uaPublic));
    }

    private static void checkInput(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("A push message holds at most " + MAX_PLAINTEXT + " bytes, not " + plaintext.length);
        }
        if (authSecret.length != 16) {
            throw new IllegalArgumentException("The auth secret is 16 bytes");
        }
        if (uaPublic.length != 65 || uaPublic[0] != 0x04) {
            throw new IllegalArgumentException("A P-256 public key is 65 bytes starting with 0x04");
        }
    }

    /** RFC 8291 §3.3-3.4 and RFC 8188 from the ECDH secret on: key derivation, the one record, the header. */
    private static byte[] seal(byte[] plaintext, byte[] uaPublic, byte[] authSecret, byte[] asPublic, byte[] salt,
                               byte[] ecdhSecret) {
        try {
            // RFC 8291 §3.3: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32)
            byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
            byte[] ikm = expand(hmac(authSecret, ecdhSecret), keyInfo, 32);
            // RFC 8188 §2.2: CEK and NONCE from PRK = HMAC(salt, IKM).
            byte[] prk = hmac(salt, ikm);
            byte[] cek = expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
            byte[] nonce = expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            // One record, so it is the last: its padding delimiter is 0x02 (RFC 8188 §2).
            byte[] ciphertext = cipher.doFinal(concat(plaintext, new byte[] {2}));

            ByteBuffer body = ByteBuffer.allocate(16 + 4 + 1 + asPublic.length + ciphertext.length);
            body.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic).put(ciphertext);
            return body.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot encrypt for this subscription: " + e.getMessage(), e);
        }
    }

    static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** HKDF-Expand (RFC 5869) for at most one block, which is all Web Push needs. */
    static byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
