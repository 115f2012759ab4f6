package one.webph.sip.auth;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import one.webph.sip.config.SipConfig;

/**
 * Digest nonces (RFC 7616 §3.3): each carries its expiry and an HMAC, so any nonce we did not make,
 * or that expired, is refused without state. Replays are refused by remembering, per live nonce,
 * the highest nonce-count seen: a request must count up (RFC 7616 §3.4.2). Thread-safe.
 */
@ApplicationScoped
public class NonceService {

    /** What a nonce check found. */
    public enum Check { VALID, STALE, INVALID, REPLAYED }

    private final byte[] key = new byte[32];
    private final long lifetimeMillis;
    private final Map<String, Long> highestCount = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    NonceService(SipConfig config) {
        random.nextBytes(key);
        this.lifetimeMillis = config.registrar().nonceLifetime().toMillis();
    }

    public String issue() {
        long expiry = System.currentTimeMillis() + lifetimeMillis;
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        ByteBuffer nonce = ByteBuffer.allocate(8 + 8 + 16).putLong(expiry).put(salt).put(mac(expiry, salt));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce.array());
    }

    /** @param count the nonce-count (nc), or -1 for a client that sends none (RFC 2069 style) */
    public Check check(String nonce, long count) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
        if (bytes.length != 32) {
            return Check.INVALID;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long expiry = buffer.getLong();
        byte[] salt = new byte[8];
        buffer.get(salt);
        byte[] mac = new byte[16];
        buffer.get(mac);
        if (!MessageDigest.isEqual(mac, mac(expiry, salt))) {
            return Check.INVALID;
        }
        long now = System.currentTimeMillis();
        if (expiry < now) {
            highestCount.remove(nonce);
            return Check.STALE;
        }
        if (highestCount.size() > 100_000) {
            highestCount.clear();
        }
        long effective = count < 0 ? 1 : count;
        Long previous = highestCount.putIfAbsent(nonce, effective);
        if (previous == null) {
            return Check.VALID;
        }
        if (effective > previous && highestCount.replace(nonce, previous, effective)) {
            return Check.VALID;
        }
        return Check.REPLAYED;
    }

    private byte[] mac(long expiry, byte[] salt) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            hmac.update(ByteBuffer.allocate(8).putLong(expiry).array());
            byte[] full = hmac.doFinal(salt);
            byte[] out = new byte[16];
            System.arraycopy(full, 0, out, 0, 16);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
