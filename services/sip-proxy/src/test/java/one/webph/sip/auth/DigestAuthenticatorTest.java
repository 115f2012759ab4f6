package one.webph.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {

    @Test
    @DisplayName("the RFC 2617 §3.5 example response (MD5, qop=auth) is reproduced from HA1")
    void rfc2617Example() {
        String ha1 = DigestAuthenticator.hex("MD5", "Mufasa:testrealm@host.com:Circle Of Life");
        assertEquals("6629fae49393a05397450978507c4ef1", DigestAuthenticator.expected("MD5", ha1,
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth", "GET", "/dir/index.html"));
    }

    @Test
    @DisplayName("the RFC 7616 §3.9.1 example responses (MD5 and SHA-256) are reproduced")
    void rfc7616Examples() {
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        String md5 = DigestAuthenticator.hex("MD5", "Mufasa:http-auth@example.org:Circle of Life");
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", DigestAuthenticator.expected("MD5", md5, nonce, "00000001", cnonce,
                "auth", "GET", "/dir/index.html"));
        String sha = DigestAuthenticator.hex("SHA-256", "Mufasa:http-auth@example.org:Circle of Life");
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", DigestAuthenticator.expected("SHA-256",
                sha, nonce, "00000001", cnonce, "auth", "GET", "/dir/index.html"));
    }

    @Test
    @DisplayName("an unknown algorithm or qop gives no expected value, so it can never match")
    void unknownAlgorithmNeverMatches() {
        assertNull(DigestAuthenticator.expected("SHA-512-256", "x", "n", "00000001", "c", "auth", "REGISTER", "sip:x"));
        assertNull(DigestAuthenticator.expected("MD5", "x", "n", "00000001", "c", "auth-int", "REGISTER", "sip:x"));
    }
}
