package one.webph.allocatenumber.numbers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DigestHashesTest {

    @Test
    @DisplayName("HA1 reproduces the RFC 2617 §3.5 example (Mufasa, testrealm@host.com, Circle Of Life)")
    void ha1MatchesRfc2617() {
        DigestHashes hashes = DigestHashes.of("Mufasa", "host.com", "testrealm@host.com", "Circle Of Life");
        assertEquals("939e7578ed9e3c518a452acee763bce9", hashes.ha1());
    }

    @Test
    @DisplayName("SHA-256 HA1 reproduces the RFC 7616 §3.9.1 example (Mufasa, http-auth@example.org, Circle of Life)")
    void ha1Sha256MatchesRfc7616() {
        DigestHashes hashes = DigestHashes.of("Mufasa", "example.org", "http-auth@example.org", "Circle of Life");
        assertEquals("7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232", hashes.ha1Sha256());
    }

    @Test
    @DisplayName("ha1b hashes the user@domain form that some clients send as user name")
    void ha1bUsesFullAddress() {
        DigestHashes hashes = DigestHashes.of("99910012345", "example.net", "example.net", "pw");
        assertEquals(DigestHashes.hex("MD5", "99910012345@example.net:example.net:pw"), hashes.ha1b());
    }

    @Test
    @DisplayName("sameHash compares whole values")
    void sameHashComparesWholeValues() {
        assertTrue(DigestHashes.sameHash("abc", "abc"));
        assertFalse(DigestHashes.sameHash("abc", "abd"));
        assertFalse(DigestHashes.sameHash("abc", "abcd"));
    }
}
