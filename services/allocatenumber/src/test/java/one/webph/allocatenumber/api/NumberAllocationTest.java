package one.webph.allocatenumber.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.allocatenumber.numbers.DigestHashes;
import one.webph.testing.database.TestDatabaseResource;

@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class NumberAllocationTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    AgroalDataSource dataSource;

    AllocationClient client;
    Rows rows;

    @BeforeEach
    void setUp() {
        client = new AllocationClient(url.getPort());
        rows = new Rows(dataSource);
    }

    @Test
    @DisplayName("200 concurrent allocations give 200 distinct numbers whose stored HA1 matches the returned password")
    void concurrentAllocationsAreDistinctAndStoredAsHashes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<AllocationClient.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String address = "198.51.100." + (i % 250) + "," + "10.1." + (i / 250) + "." + (i % 250);
            replies.add(pool.submit(() -> client.post("/api/v1/numbers", address, "{\"prefix\":\"999200\"}")));
        }
        Set<String> numbers = new HashSet<>();
        for (Future<AllocationClient.Reply> future : replies) {
            AllocationClient.Reply reply = future.get(60, TimeUnit.SECONDS);
            assertEquals(201, reply.status(), () -> "allocation failed: " + reply.json());
            String number = reply.json().get("number").asText();
            String password = reply.json().get("password").asText();
            assertTrue(number.matches("999200[0-9]{5}"), number);
            assertTrue(password.length() >= 16, "password too short");
            numbers.add(number);
            String[] stored = rows.credentials(number).orElseThrow();
            DigestHashes expected = DigestHashes.of(number, "localhost", "localhost", password);
            assertEquals(expected.ha1(), stored[0], "ha1");
            assertEquals(expected.ha1b(), stored[1], "ha1b");
            assertEquals(expected.ha1Sha256(), stored[2], "ha1_sha256");
            assertEquals("", stored[3], "no plaintext password is stored");
        }
        pool.shutdown();
        assertEquals(200, numbers.size());
        assertEquals(200, rows.count("SELECT COUNT(*) FROM subscriber WHERE username LIKE '999200%'"));
    }

    @Test
    @DisplayName("an allocation answers with SIP settings and a token for the number")
    void allocationAnswersWithEverythingThePhoneNeeds() {
        AllocationClient.Reply reply = client.post("/api/v1/numbers", "192.0.2.10", "{}");
        assertEquals(201, reply.status());
        String number = reply.json().get("number").asText();
        assertTrue(number.matches("999100[0-9]{5}"), "the default prefix is the first configured: " + number);
        assertEquals("localhost", reply.json().get("sipDomain").asText());
        assertEquals("sip:" + number + "@localhost", reply.json().get("sipUri").asText());
        assertEquals("ws://localhost:5066", reply.json().get("wsUri").asText());
        assertNotNull(reply.json().get("token").asText());
        assertNotNull(reply.json().get("tokenExpiresAt").asText());
    }

    @Test
    @DisplayName("a tiny pool fills up, then answers 503, and other pools keep working")
    void tinyPoolFillsUpThenAnswers503() {
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            AllocationClient.Reply reply = client.post("/api/v1/numbers", "203.0.113." + i, "{\"prefix\":\"7770\"}");
            assertEquals(201, reply.status(), () -> "allocation " + numbers.size() + " failed: " + reply.json());
            numbers.add(reply.json().get("number").asText());
        }
        assertEquals(10, numbers.size(), "all ten numbers of a one-digit pool are handed out");
        AllocationClient.Reply full = client.post("/api/v1/numbers", "203.0.113.50", "{\"prefix\":\"7770\"}");
        assertEquals(503, full.status());
        assertEquals("pool_exhausted", full.json().get("error").asText());
        assertTrue(full.json().get("message").asText().contains("7770"));
        assertEquals(10, rows.count("SELECT COUNT(*) FROM subscriber WHERE username LIKE '7770%'"));

        AllocationClient.Reply other = client.post("/api/v1/numbers", "203.0.113.51", "{\"prefix\":\"8880\"}");
        assertEquals(201, other.status(), "another pool still allocates");
    }

    @Test
    @DisplayName("a pool 99% used still hands out each of its last free numbers, then 503")
    void nearlyFullPoolStillAllocates() throws Exception {
        Set<String> free = new HashSet<>();
        try (var connection = dataSource.getConnection();
             var insert = connection.prepareStatement("INSERT INTO subscriber (username, domain) VALUES (?, 'localhost')")) {
            for (int n = 0; n < 1000; n++) {
                String number = String.format("6660%03d", n);
                if (n % 100 == 37) {
                    free.add(number);
                    continue;
                }
                insert.setString(1, number);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        Set<String> allocated = new HashSet<>();
        for (int i = 0; i < free.size(); i++) {
            AllocationClient.Reply reply = client.post("/api/v1/numbers", "203.0.113." + (100 + i), "{\"prefix\":\"6660\"}");
            assertEquals(201, reply.status(), () -> "allocation failed: " + reply.json());
            allocated.add(reply.json().get("number").asText());
        }
        assertEquals(free, allocated, "exactly the ten free numbers were found");
        assertEquals(503, client.post("/api/v1/numbers", "203.0.113.120", "{\"prefix\":\"6660\"}").status());
    }

    @Test
    @DisplayName("the N+1-th allocation from one address within the window gets 429 with Retry-After")
    void perAddressLimitAnswers429() {
        String address = "192.0.2.77";
        for (int i = 0; i < 5; i++) {
            assertEquals(201, client.post("/api/v1/numbers", address, "{}").status());
        }
        long before = rows.count("SELECT COUNT(*) FROM subscriber");
        AllocationClient.Reply refused = client.post("/api/v1/numbers", address, "{}");
        assertEquals(429, refused.status());
        assertEquals("rate_limited", refused.json().get("error").asText());
        assertNotNull(refused.retryAfter(), "Retry-After is sent");
        assertTrue(Long.parseLong(refused.retryAfter()) > 0);
        assertEquals(before, rows.count("SELECT COUNT(*) FROM subscriber"), "a refusal writes nothing");
        assertEquals(201, client.post("/api/v1/numbers", "192.0.2.78", "{}").status(), "other addresses are not affected");
    }
}
