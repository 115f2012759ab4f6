package one.webph.allocatenumber.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import one.webph.allocatenumber.numbers.DigestHashes;
import one.webph.testing.database.TestDatabaseResource;

@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class LegacyAllocateTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    AgroalDataSource dataSource;

    @Test
    @DisplayName("the legacy CGI answers the original JSON shape, and the password works")
    void answersTheOriginalShape() {
        String email = "1511111111@generic_email.saycel";
        AllocationClient.Reply reply = new AllocationClient(url.getPort()).get(
                "/cgi-bin/allocatenumber.py?prefix=999100&email_address=" + URLEncoder.encode(email, StandardCharsets.UTF_8),
                "192.0.2.120");
        assertEquals(200, reply.status());
        assertEquals(List.of("status", "msg", "user", "pwd", "email_address"), fieldNames(reply));
        assertEquals("ok", reply.json().get("status").asText());
        assertEquals("created user", reply.json().get("msg").asText());
        assertEquals(email, reply.json().get("email_address").asText());
        String user = reply.json().get("user").asText();
        assertTrue(user.matches("999100[0-9]{5}"));
        String[] stored = new Rows(dataSource).credentials(user).orElseThrow();
        assertEquals(DigestHashes.of(user, "localhost", "localhost", reply.json().get("pwd").asText()).ha1(), stored[0]);
    }

    @Test
    @DisplayName("an unknown prefix gets status err with HTTP 200, as the original did")
    void unknownPrefixIsAnError() {
        AllocationClient.Reply reply = new AllocationClient(url.getPort()).get("/cgi-bin/allocatenumber.py?prefix=123456", "192.0.2.121");
        assertEquals(200, reply.status());
        assertEquals("err", reply.json().get("status").asText());
        assertTrue(reply.json().get("msg").asText().contains("123456"));
    }

    static java.util.stream.Stream<String> injections() {
        return java.util.stream.Stream.of(
            "prefix=999100&email_address=" + "a".repeat(300) + "@b.c",
            "prefix=999100&email_address=a@b.c'); DROP TABLE subscriber; --",
            "prefix=999100' OR '1'='1&email_address=a@b.c",
            "prefix=999100&email_address=x' UNION SELECT ha1 FROM subscriber --@b.c",
            "prefix=999100%00&email_address=a@b.c");
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("injection strings in the legacy parameters change nothing")
    @MethodSource("injections")
    void injectionStringsChangeNothing(String query) {
        Rows rows = new Rows(dataSource);
        long before = rows.count("SELECT COUNT(*) FROM subscriber");
        String encoded = encodeValues(query);
        AllocationClient.Reply reply = new AllocationClient(url.getPort()).get("/cgi-bin/allocatenumber.py?" + encoded, "192.0.2.122");
        assertEquals(200, reply.status());
        assertEquals("err", reply.json().get("status").asText(), () -> "refused: " + reply.json());
        assertEquals(before, rows.count("SELECT COUNT(*) FROM subscriber"));
        assertEquals(1, rows.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'subscriber'"));
    }

    @Test
    @DisplayName("the legacy CGI also takes a form post")
    void acceptsFormPost() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(url.toURI().resolve("/cgi-bin/allocatenumber.py"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", "192.0.2.123")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("prefix=999100&email_address=form%40example.org"))
                .build();
        var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        var json = AllocationClient.JSON.readTree(response.body());
        assertEquals("ok", json.get("status").asText());
        assertEquals("form@example.org", json.get("email_address").asText());
    }

    private static List<String> fieldNames(AllocationClient.Reply reply) {
        List<String> names = new java.util.ArrayList<>();
        reply.json().fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String encodeValues(String query) {
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (out.length() > 0) {
                out.append('&');
            }
            String value = kv[1].replace("%00", "\u0000");
            out.append(kv[0]).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}
