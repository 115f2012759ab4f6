package one.webph.allocatenumber.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.net.URL;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;

@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class BadInputTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    AgroalDataSource dataSource;

    @ParameterizedTest(name = "{0}")
    @DisplayName("bad allocation bodies get a 4xx JSON error and write nothing")
    @ValueSource(strings = {
            "{not json",
            "{\"prefix\": 999100}",
            "{\"prefix\": [\"999100\"]}",
            "{\"prefix\": {\"a\": 1}}",
            "{\"prefix\": \"999100\", \"admin\": true}",
            "{\"prefix\": \"12345\"}",
            "{\"prefix\": \"999100' OR '1'='1\"}",
            "{\"prefix\": \"999100; DROP TABLE subscriber; --\"}",
            "[]",
            "\"999100\""})
    void badBodiesAreRefused(String body) {
        Rows rows = new Rows(dataSource);
        long before = rows.count("SELECT COUNT(*) FROM subscriber");
        AllocationClient.Reply reply = new AllocationClient(url.getPort()).post("/api/v1/numbers", "192.0.2.200", body);
        assertTrue(reply.status() >= 400 && reply.status() < 500, "status " + reply.status());
        assertTrue(reply.json().hasNonNull("error"), "error code in " + reply.json());
        assertTrue(reply.json().hasNonNull("message"), "message in " + reply.json());
        assertEquals(before, rows.count("SELECT COUNT(*) FROM subscriber"));
    }

    @Test
    @DisplayName("an oversized body is refused with a 413 JSON error before it is read")
    void oversizedBodyIsRefused() throws Exception {
        Rows rows = new Rows(dataSource);
        long before = rows.count("SELECT COUNT(*) FROM subscriber");
        // A raw request announcing a large body: the answer must come from the announced length alone.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/numbers HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 200000\r\n\r\n{\"prefix\":\"")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("{\"error\":\"body_too_large\""), answer);
        }
        assertEquals(before, rows.count("SELECT COUNT(*) FROM subscriber"));
    }
}
