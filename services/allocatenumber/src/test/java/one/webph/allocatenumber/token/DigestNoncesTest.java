package one.webph.allocatenumber.token;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DigestNoncesTest {

    final byte[] key = "0123456789abcdef0123456789abcdef".getBytes();

    @Test
    @DisplayName("a nonce is accepted once, by any instance with the same key")
    void acceptedOnce() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        DigestNonces one = new DigestNonces(key, clock);
        DigestNonces other = new DigestNonces(key, clock);
        String nonce = one.issue();
        assertTrue(other.consume(nonce));
        assertFalse(other.consume(nonce), "replay");
    }

    @Test
    @DisplayName("expired, forged and garbage nonces are refused")
    void refusesBadNonces() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        DigestNonces issuer = new DigestNonces(key, Clock.fixed(start, ZoneOffset.UTC));
        String nonce = issuer.issue();
        DigestNonces later = new DigestNonces(key, Clock.fixed(start.plus(DigestNonces.LIFETIME).plus(Duration.ofSeconds(1)), ZoneOffset.UTC));
        assertFalse(later.consume(nonce), "expired");
        DigestNonces stranger = new DigestNonces("another key, another instance!!!".getBytes(), Clock.fixed(start, ZoneOffset.UTC));
        assertFalse(stranger.consume(nonce), "signed with another key");
        assertFalse(issuer.consume("not base64 !"));
        assertFalse(issuer.consume("AAAA"));
    }
}
