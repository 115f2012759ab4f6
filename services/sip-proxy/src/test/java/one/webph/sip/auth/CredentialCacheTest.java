package one.webph.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPRequest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.sip.message.SipCodec;
import one.webph.testing.database.TestDatabaseResource;

/**
 * The credential cache against the real {@code subscriber} table, and what it lets the proxy do
 * without leaving its event loop.
 */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class CredentialCacheTest {

    private static final String DOMAIN = "test.webphone";

    @Inject
    CredentialStore credentials;

    @Inject
    DigestAuthenticator authenticator;

    @Inject
    AgroalDataSource dataSource;

    @Test
    @DisplayName("credentials are read once, then answered from memory until the row changes")
    void cachedUntilChanged() throws Exception {
        String number = "7" + (1000000 + (int) (Math.random() * 8999999));
        update("INSERT INTO subscriber (username, domain, ha1, ha1b, ha1_sha256) VALUES (?, ?, 'first', '', '')", number);
        assertFalse(credentials.isCached(number, DOMAIN));
        assertEquals("first", credentials.find(number, DOMAIN).orElseThrow().ha1());
        assertTrue(credentials.isCached(number, DOMAIN));

        Thread.sleep(5); // updated_at has millisecond precision: the change must come after the last look.
        update("UPDATE subscriber SET ha1 = 'second' WHERE username = ? AND domain = ?", number);
        credentials.evictChanged();
        assertFalse(credentials.isCached(number, DOMAIN), "a changed row is evicted");
        assertEquals("second", credentials.find(number, DOMAIN).orElseThrow().ha1());
    }

    @Test
    @DisplayName("known subscribers are re-read in the background before their entries expire; a deleted one becomes unknown")
    void agingEntriesAreRefreshedInTheBackground() throws Exception {
        String number = "7" + (1000000 + (int) (Math.random() * 8999999));
        update("INSERT INTO subscriber (username, domain, ha1, ha1b, ha1_sha256) VALUES (?, ?, 'first', '', '')", number);
        credentials.find(number, DOMAIN);
        update("UPDATE subscriber SET ha1 = 'second' WHERE username = ? AND domain = ?", number);
        assertEquals("first", credentials.find(number, DOMAIN).orElseThrow().ha1(), "served from memory");

        credentials.refreshAging(System.nanoTime() + java.time.Duration.ofMinutes(30).toNanos(), Integer.MAX_VALUE);
        assertTrue(credentials.isCached(number, DOMAIN));
        assertEquals("second", credentials.find(number, DOMAIN).orElseThrow().ha1());

        update("DELETE FROM subscriber WHERE username = ? AND domain = ?", number);
        credentials.refreshAging(System.nanoTime() + java.time.Duration.ofMinutes(30).toNanos(), Integer.MAX_VALUE);
        assertTrue(credentials.find(number, DOMAIN).isEmpty(), "deleted: unknown from now on");
    }

    @Test
    @DisplayName("a background re-read that finds the row unchanged keeps the credentials held, not a copy")
    void anUnchangedRowKeepsItsEntry() throws Exception {
        String number = "7" + (1000000 + (int) (Math.random() * 8999999));
        update("INSERT INTO subscriber (username, domain, ha1, ha1b, ha1_sha256) VALUES (?, ?, 'same', '', 'same-256')", number);
        Credentials held = credentials.find(number, DOMAIN).orElseThrow();

        credentials.refreshAging(System.nanoTime() + java.time.Duration.ofMinutes(30).toNanos(), Integer.MAX_VALUE);
        assertTrue(credentials.isCached(number, DOMAIN));
        assertSame(held, credentials.find(number, DOMAIN).orElseThrow());
    }

    @Test
    @DisplayName("one background run re-reads no more than its slice of the due entries")
    void aRunReReadsNoMoreThanItsSlice() throws Exception {
        for (int i = 0; i < 3; i++) {
            String number = "7" + (1000000 + (int) (Math.random() * 8999999));
            update("INSERT INTO subscriber (username, domain, ha1, ha1b, ha1_sha256) VALUES (?, ?, 'x', '', '')", number);
            credentials.find(number, DOMAIN);
        }
        long later = System.nanoTime() + java.time.Duration.ofMinutes(30).toNanos();
        assertEquals(2, credentials.refreshAging(later, 2));
        assertTrue(credentials.refreshAging(later, Integer.MAX_VALUE) >= 3, "without a limit, all that are due");
    }

    @Test
    @DisplayName("the slice lets every entry be re-read within a quarter of the cache's time, in runs of at least one batch")
    void theSliceCoversTheCacheInAQuarterOfItsTime() {
        long thirtySeconds = java.time.Duration.ofSeconds(30).toNanos();
        assertEquals(1429, CredentialStore.refreshSlice(10_000, thirtySeconds), "10,000 over 7 one-second runs");
        assertEquals(500, CredentialStore.refreshSlice(100, thirtySeconds), "never less than one batch");
        assertEquals(142_858, CredentialStore.refreshSlice(1_000_000, thirtySeconds));
        assertEquals(10_000, CredentialStore.refreshSlice(10_000, java.time.Duration.ofSeconds(2).toNanos()), "a short time: all at once");
    }

    @Test
    @DisplayName("a request is checked without blocking when it has no credentials or they are cached, not before")
    void checksWithoutBlockingOnlyFromTheCache() throws Exception {
        String number = "7" + (1000000 + (int) (Math.random() * 8999999));
        update("INSERT INTO subscriber (username, domain, ha1, ha1b, ha1_sha256) VALUES (?, ?, 'x', '', '')", number);
        assertTrue(authenticator.checksWithoutBlocking(register(number, null), "Authorization"), "nothing to look up: challenge");

        SIPRequest withCredentials = register(number, "Digest username=\"" + number + "\", realm=\"" + DOMAIN
                + "\", nonce=\"n\", uri=\"sip:" + DOMAIN + "\", response=\"00000000000000000000000000000000\"");
        assertFalse(authenticator.checksWithoutBlocking(withCredentials, "Authorization"), "not read yet");
        credentials.find(number, DOMAIN);
        assertTrue(authenticator.checksWithoutBlocking(withCredentials, "Authorization"), "read and cached");
    }

    private static SIPRequest register(String number, String authorization) {
        String text = "REGISTER sip:" + DOMAIN + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bK-cache-" + number + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + number + "@" + DOMAIN + ">;tag=1\r\n"
                + "To: <sip:" + number + "@" + DOMAIN + ">\r\n"
                + "Call-ID: cache-" + number + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:" + number + "@127.0.0.1:5099>\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: 0\r\n\r\n";
        return ((SipCodec.Request) SipCodec.parse(text.getBytes(StandardCharsets.US_ASCII))).request();
    }

    private void update(String sql, String number) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, number);
            s.setString(2, DOMAIN);
            s.executeUpdate();
        }
    }
}
