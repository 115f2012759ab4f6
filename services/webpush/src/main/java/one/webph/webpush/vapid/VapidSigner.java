package one.webph.webpush.vapid;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import one.webph.webpush.crypto.P256;

/**
 * Voluntary Application Server Identification (RFC 8292): the {@code Authorization: vapid}
 * header for one push service. The JWT's {@code aud} is the endpoint's origin with its port when
 * the port is not the scheme's default (push services compare it with their own origin). Pure.
 */
public final class VapidSigner {

    /** RFC 8292 §2: {@code exp} no more than 24 hours ahead. */
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);

    private final ECPrivateKey privateKey;
    private final String publicKey;
    private final String subject;

    public VapidSigner(ECPrivateKey privateKey, ECPublicKey publicKey, String subject) {
        this.privateKey = privateKey;
        this.publicKey = Base64.getUrlEncoder().withoutPadding().encodeToString(P256.encode(publicKey));
        this.subject = subject;
    }

    /** The application server key the browser subscribes with (base64url, uncompressed point). */
    public String publicKey() {
        return publicKey;
    }

    public String authorization(URI endpoint, Instant now, Duration lifetime) {
        Duration capped = lifetime.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : lifetime;
        return "vapid t=" + token(audience(endpoint), now.plus(capped).getEpochSecond()) + ", k=" + publicKey;
    }

    /**
     * The header for an endpoint, reusing a token signed earlier for the same push service (the
     * same {@code aud}: scheme, host and port) while it has more than a quarter of its lifetime
     * left: an ES256 signature per push would cost more than the rest of sending it. Thread-safe.
     */
    public String cachedAuthorization(URI endpoint, Duration lifetime) {
        return cachedAuthorization(endpoint, lifetime, Instant.now());
    }

    String cachedAuthorization(URI endpoint, Duration lifetime, Instant now) {
        String audience = audience(endpoint);
        Signed signed = cache.get(audience);
        if (signed == null || now.isAfter(signed.renewAfter())) {
            // RFC 8292 §2: exp no more than 24 hours ahead.
            Duration capped = lifetime.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : lifetime;
            signed = new Signed("vapid t=" + token(audience, now.plus(capped).getEpochSecond()) + ", k=" + publicKey,
                    now.plus(capped.multipliedBy(3).dividedBy(4)));
            cache.put(audience, signed);
        }
        return signed.header();
    }

    private record Signed(String header, Instant renewAfter) {
    }

    private final java.util.Map<String, Signed> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /** Scheme, host and any non-default port of the endpoint. */
    public static String audience(URI endpoint) {
        String scheme = endpoint.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + endpoint.getHost().toLowerCase(java.util.Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    String token(String audience, long expiresAt) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"aud\":\"" + audience + "\",\"exp\":" + expiresAt + ",\"sub\":\""
                + subject.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        try {
            // JWS ES256 (RFC 7518 §3.4) wants R || S, which is the P1363 format, not DER.
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign the VAPID token", e);
        }
    }
}
