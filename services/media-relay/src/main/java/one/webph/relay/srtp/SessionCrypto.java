package one.webph.relay.srtp;

import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session keys of one stream kind (RTP or RTCP) and the ciphers that use them: AES counter
 * mode with a truncated HMAC-SHA1 tag, or AES-GCM. Derived once from the master key. Not
 * thread-safe: its owner serialises calls.
 */
final class SessionCrypto {

    private final SrtpProfile profile;
    private final byte[] salt;
    private final SecretKeySpec key;
    private final CounterMode counter;
    private final Mac mac;
    private final Cipher gcm;
    private final byte[] tag = new byte[20];
    private final byte[] rocBytes = new byte[4];
    private final byte[] expectedTag = new byte[20];

    SessionCrypto(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, boolean rtcp) {
        this.profile = profile;
        byte[] sessionKey = KeyDerivation.derive(masterKey, masterSalt,
                rtcp ? KeyDerivation.RTCP_ENCRYPTION : KeyDerivation.RTP_ENCRYPTION, profile.keyLength);
        this.salt = KeyDerivation.derive(masterKey, masterSalt,
                rtcp ? KeyDerivation.RTCP_SALT : KeyDerivation.RTP_SALT, profile.saltLength);
        this.key = new SecretKeySpec(sessionKey, "AES");
        try {
            if (profile.aead()) {
                this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
                this.counter = null;
                this.mac = null;
            } else {
                Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, key);
                this.counter = new CounterMode(ecb);
                byte[] authKey = KeyDerivation.derive(masterKey, masterSalt,
                        rtcp ? KeyDerivation.RTCP_AUTHENTICATION : KeyDerivation.RTP_AUTHENTICATION, 20);
                this.mac = Mac.getInstance("HmacSHA1");
                this.mac.init(new SecretKeySpec(authKey, "HmacSHA1"));
                this.gcm = null;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES or HMAC-SHA1 is missing from this JDK", e);
        }
    }

    byte[] salt() {
        return salt;
    }

    /** AES-CM: XORs the keystream for this 16-byte IV into the range (encrypts and decrypts alike). */
    void counterMode(byte[] iv, byte[] buf, int off, int len) {
        counter.xor(iv, buf, off, len);
    }

    /** HMAC-SHA1 over the range, then {@code roc} when it is not negative (SRTP puts the ROC after the packet), cut to the tag length, written at {@code out}. */
    void authTag(byte[] buf, int off, int len, long roc, byte[] out, int outOff) {
        mac.update(buf, off, len);
        if (roc >= 0) {
            rocBytes[0] = (byte) (roc >>> 24);
            rocBytes[1] = (byte) (roc >>> 16);
            rocBytes[2] = (byte) (roc >>> 8);
            rocBytes[3] = (byte) roc;
            mac.update(rocBytes);
        }
        try {
            mac.doFinal(tag, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        System.arraycopy(tag, 0, out, outOff, profile.tagLength);
    }

    /** Compares a received tag with the computed one in constant time. */
    boolean tagMatches(byte[] buf, int off, int len, long roc, int tagOff) {
        authTag(buf, off, len, roc, expectedTag, 0);
        int difference = 0;
        for (int i = 0; i < profile.tagLength; i++) {
            difference |= expectedTag[i] ^ buf[tagOff + i];
        }
        return difference == 0;
    }

    /** AES-GCM seal in place: {@code [aadOff, aadOff+aadLen)} authenticated, {@code [off, off+len)} encrypted, tag appended. Returns the ciphertext length with tag. */
    int seal(byte[] iv, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            gcm.updateAAD(aad, aadOff, aadLen);
            return gcm.doFinal(buf, off, len, buf, off);
        } catch (GeneralSecurityException | IllegalStateException e) {
            return -1;
        }
    }

    /** AES-GCM open in place; the range includes the tag. Returns the plaintext length, or -1 when the tag is wrong. */
    int open(byte[] iv, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            gcm.updateAAD(aad, aadOff, aadLen);
            return gcm.doFinal(buf, off, len, buf, off);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException | IllegalStateException e) {
            return -1;
        }
    }
}
