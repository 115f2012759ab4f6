package one.webph.webpush.vapid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.webpush.crypto.P256;

class VapidSignerTest {

    static final String RFC_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXQiLCJleHAiOjE0NTM1MjM3NjgsInN1YiI6Im1haWx0bzpwdXNoQGV4YW1wbGUuY29tIn0.i3CYb7t4xfxCDquptFOepC9GAu_HLGkMlMuCGSK2rpiUfnK9ojFwDXb1JrErtmysazNjjvW2L9OkSSHzvoD1oA";
    static final String RFC_KEY = "BA1Hxzyi1RUM1b5wjxsn7nGxAszw2u61m164i3MrAIxHF6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs";

    @Test
    @DisplayName("the RFC 8292 §2.4 example token verifies with its key (expiry not checked: it is from 2016)")
    void rfc8292ExampleVerifies() throws Exception {
        assertTrue(verifies(RFC_TOKEN, P256.publicKey(Base64.getUrlDecoder().decode(RFC_KEY))));
    }

    @Test
    @DisplayName("our token is ES256 over aud (origin with a non-default port), exp within 24 h and sub")
    void signsWithAudienceIncludingPort() throws Exception {
        KeyPair keys = P256.generate();
        VapidSigner signer = new VapidSigner((ECPrivateKey) keys.getPrivate(), (ECPublicKey) keys.getPublic(), "mailto:ops@example.org");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        String header = signer.authorization(URI.create("https://push.example.net:8443/p/abc?x=1"), now, Duration.ofDays(3));
        assertTrue(header.startsWith("vapid t="));
        String token = header.substring(8, header.indexOf(", k="));
        assertEquals(signer.publicKey(), header.substring(header.indexOf(", k=") + 4));
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertEquals("{\"aud\":\"https://push.example.net:8443\",\"exp\":" + now.plus(Duration.ofHours(24)).getEpochSecond()
                + ",\"sub\":\"mailto:ops@example.org\"}", claims);
        assertTrue(verifies(token, (ECPublicKey) keys.getPublic()));
    }

    @Test
    @DisplayName("the default port is left out of aud")
    void defaultPortIsLeftOut() {
        assertEquals("https://fcm.googleapis.com", VapidSigner.audience(URI.create("https://fcm.googleapis.com:443/fcm/send/x")));
        assertEquals("http://127.0.0.1:4567", VapidSigner.audience(URI.create("http://127.0.0.1:4567/push/1")));
    }

    @Test
    @DisplayName("a token is reused for every endpoint of one push service until 3/4 of its lifetime, and signed per origin (port included)")
    void tokenCachedPerOriginWithinItsLifetime() throws Exception {
        KeyPair keys = P256.generate();
        VapidSigner signer = new VapidSigner((ECPrivateKey) keys.getPrivate(), (ECPublicKey) keys.getPublic(), "mailto:ops@example.org");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Duration lifetime = Duration.ofHours(12);
        String first = signer.cachedAuthorization(URI.create("https://push.example.net/p/device-1"), lifetime, now);
        assertEquals(first, signer.cachedAuthorization(URI.create("https://push.example.net:443/p/device-2"), lifetime,
                now.plus(Duration.ofHours(8))), "same origin, within 3/4 of the lifetime: the same token");

        String otherPort = signer.cachedAuthorization(URI.create("https://push.example.net:8443/p/device-3"), lifetime, now);
        assertEquals("https://push.example.net:8443", claim(otherPort, "aud"));
        assertEquals("https://push.example.net", claim(first, "aud"));
        String otherHost = signer.cachedAuthorization(URI.create("https://fcm.googleapis.com/fcm/send/x"), lifetime, now);
        assertEquals("https://fcm.googleapis.com", claim(otherHost, "aud"));

        String renewed = signer.cachedAuthorization(URI.create("https://push.example.net/p/device-1"), lifetime,
                now.plus(Duration.ofHours(10)));
        assertNotEquals(first, renewed, "past 3/4 of the lifetime: a new token");
        assertEquals(Long.toString(now.plus(Duration.ofHours(22)).getEpochSecond()), claim(renewed, "exp"));
        assertTrue(verifies(token(renewed), (ECPublicKey) keys.getPublic()));

        String capped = signer.cachedAuthorization(URI.create("https://other.example.net/"), Duration.ofDays(7), now);
        assertEquals(Long.toString(now.plus(VapidSigner.MAX_LIFETIME).getEpochSecond()), claim(capped, "exp"), "exp at most 24 h");
    }

    static String token(String header) {
        return header.substring(8, header.indexOf(", k="));
    }

    static String claim(String header, String name) {
        String claims = new String(Base64.getUrlDecoder().decode(token(header).split("\\.")[1]), StandardCharsets.UTF_8);
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(claims);
        return value.find() ? value.group(1) : null;
    }

    static boolean verifies(String token, ECPublicKey key) throws Exception {
        String[] parts = token.split("\\.");
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initVerify(key);
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
