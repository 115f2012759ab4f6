package one.webph.allocatenumber.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Nonces for HTTP Digest (RFC 7616) on the token endpoint: a nonce carries its own expiry and an
 * HMAC over it, so any instance that shares the token signing key can check it without shared
 * state; a nonce is accepted once per instance, so a captured answer cannot be replayed.
 * Thread-safe.
 */
@ApplicationScoped
public class DigestNonces {

    static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final int MAC_BYTES = 16;

    private final byte[] key;
    private final Clock clock;
    private final Map<String, Long> used = new ConcurrentHashMap<>();

    @Inject
    DigestNonces(TokenKeys keys) {
        this(deriveKey(keys.privateKey().getEncoded()), Clock.systemUTC());
    }

    DigestNonces(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    public String issue() {
        long expiry = clock.millis() + LIFETIME.toMillis();
        ByteBuffer nonce = ByteBuffer.allocate(Long.BYTES + MAC_BYTES);
        nonce.putLong(expiry).put(mac(expiry));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce.array());
    }

    /** True once for a genuine, unexpired nonce; false for anything else, and for every later use. */
    public boolean consume(String nonce) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (bytes.length != Long.BYTES + MAC_BYTES) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long expiry = buffer.getLong();
        byte[] mac = new byte[MAC_BYTES];
        buffer.get(mac);
        long now = clock.millis();
        if (expiry < now || !MessageDigest.isEqual(mac, mac(expiry))) {
            return false;
        }
        used.values().removeIf(e -> e < now);
        return used.putIfAbsent(nonce, expiry) == null;
    }

    private byte[] mac(long expiry) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = hmac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(expiry).array());
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key of its own for nonces, derived from the signing key so that instances agree. */
    private static byte[] deriveKey(byte[] signingKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("webphone digest nonce key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return sha.digest(signingKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
