package one.webph.webpush.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;
import one.webph.webpush.delivery.LocalPushService;
import one.webph.webpush.delivery.PushServiceClient;

@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = LocalPushService.class, restrictToAnnotatedClass = false)
class NotifyTest {

    static final String SERVICE = "Bearer test-internal-token";

    @Inject
    AgroalDataSource dataSource;

    final PushServiceClient pushService = new PushServiceClient();

    @Test
    @DisplayName("a call push reaches the device encrypted, decrypts to what we sent, with TTL, Urgency, Topic and a VAPID aud with the port")
    void callPushArrivesDecryptableWithHeaders() {
        String number = number();
        String id = subscribe(number, "phone-" + UUID.randomUUID()).getString("id");

        JsonPath answer = notify(number, "call-incoming", "99910022222", "call-1@example");
        assertEquals(1, answer.getInt("devices"));
        assertEquals("DELIVERED", answer.getString("outcomes[0].result"));

        JsonPath messages = pushService.messages(id);
        assertEquals(1, messages.getList("$").size());
        Map<String, Object> payload = parse(messages.getString("[0].payload"));
        assertEquals("call-incoming", payload.get("kind"));
        assertEquals("99910022222", payload.get("from"));
        assertEquals("call-1@example", payload.get("callId"));
        assertEquals("call-incoming", ((Map<?, ?>) ((Map<?, ?>) payload.get("notification")).get("data")).get("action"),
                "the original app's shape is there too");
        int ttl = Integer.parseInt(messages.getString("[0].headers.ttl"));
        assertTrue(ttl > 0 && ttl <= 60, "TTL " + ttl);
        assertEquals("high", messages.getString("[0].headers.urgency"));
        assertEquals("aes128gcm", messages.getString("[0].headers.contentEncoding"));
        String topic = messages.getString("[0].headers.topic");
        assertNotNull(topic);
        assertTrue(topic.matches("[A-Za-z0-9_-]{1,32}"), topic);
        assertTrue(messages.getBoolean("[0].vapid.valid"), "VAPID signature verifies");
        assertEquals(pushService.base(), messages.getString("[0].vapid.claims.aud"), "aud is the origin with its port");
        assertEquals("mailto:test@webphone.example", messages.getString("[0].vapid.claims.sub"));
        long exp = messages.getLong("[0].vapid.claims.exp");
        assertTrue(exp > System.currentTimeMillis() / 1000 && exp <= System.currentTimeMillis() / 1000 + 24 * 3600, "exp within 24 h");

        notify(number, "call-cancelled", "99910022222", "call-1@example");
        JsonPath both = pushService.messages(id);
        assertEquals(topic, both.getString("[1].headers.topic"), "the cancel replaces the ring: same topic");
        assertEquals("call-cancelled", parse(both.getString("[1].payload")).get("kind"));
    }

    @Test
    @DisplayName("a text goes with normal urgency and a long TTL to every device of the number")
    void textGoesToEveryDevice() {
        String number = number();
        String first = subscribe(number, "a-" + UUID.randomUUID()).getString("id");
        String second = subscribe(number, "b-" + UUID.randomUUID()).getString("id");
        JsonPath answer = notify(number, "message", "99910033333", null, "hola");
        assertEquals(2, answer.getInt("devices"));
        for (String id : List.of(first, second)) {
            JsonPath messages = pushService.messages(id);
            assertEquals("normal", messages.getString("[0].headers.urgency"));
            assertTrue(Integer.parseInt(messages.getString("[0].headers.ttl")) > 3600);
            assertEquals("hola", parse(messages.getString("[0].payload")).get("content"));
        }
    }

    @Test
    @DisplayName("410 from the push service deletes the subscription")
    void goneSubscriptionIsDeleted() throws Exception {
        String number = number();
        String deviceId = "gone-" + UUID.randomUUID();
        String id = subscribe(number, deviceId).getString("id");
        pushService.script(id, List.of(410));
        JsonPath answer = notify(number, "call-incoming", "99910044444", "call-2");
        assertEquals("GONE", answer.getString("outcomes[0].result"));
        assertEquals(0, count("SELECT COUNT(*) FROM push_subscription WHERE device_id = ?", deviceId));
    }

    @Test
    @DisplayName("429 is retried and then delivered")
    void rateLimitedPushIsRetried() {
        String number = number();
        String id = subscribe(number, "retry-" + UUID.randomUUID()).getString("id");
        pushService.script(id, List.of(429, 503));
        JsonPath answer = notify(number, "call-incoming", "99910055555", "call-3");
        assertEquals("DELIVERED", answer.getString("outcomes[0].result"));
        JsonPath messages = pushService.messages(id);
        assertEquals(List.of(429, 503, 201), messages.getList("status", Integer.class));
        assertEquals(messages.getString("[0].payload"), messages.getString("[2].payload"), "the same message each time");
    }

    @Test
    @DisplayName("the devices notify uses follow PUT and DELETE at once, though they are cached between notifies")
    void cachedDevicesFollowChanges() {
        String number = number();
        String first = "first-" + UUID.randomUUID();
        subscribe(number, first);
        assertEquals(1, notify(number, "call-incoming", "99910066666", "call-4").getInt("devices"));

        String second = "second-" + UUID.randomUUID();
        String secondId = subscribe(number, second).getString("id");
        JsonPath both = notify(number, "call-cancelled", "99910066666", "call-4");
        assertEquals(2, both.getInt("devices"), "a device added after the number was cached is notified");
        assertEquals(1, pushService.messages(secondId).getList("$").size());

        given().header("Authorization", "Bearer " + DeviceTokens.forNumber(number))
                .delete("/api/v1/push/subscriptions/" + first).then().statusCode(204);
        JsonPath after = notify(number, "message", "99910066666", null, "hi");
        assertEquals(1, after.getInt("devices"), "a deleted device is not notified any more");
        assertEquals(second, after.getString("outcomes[0].deviceId"));
    }

    @Test
    @DisplayName("a subscription removed after a 410 is not notified again, though the number was cached")
    void goneSubscriptionLeavesTheCache() {
        String number = number();
        String id = subscribe(number, "gone-cached-" + UUID.randomUUID()).getString("id");
        assertEquals("DELIVERED", notify(number, "call-incoming", "99910077777", "call-5").getString("outcomes[0].result"));
        pushService.script(id, List.of(410));
        assertEquals("GONE", notify(number, "call-cancelled", "99910077777", "call-5").getString("outcomes[0].result"));
        assertEquals(0, notify(number, "call-missed", "99910077777", "call-5").getInt("devices"));
    }

    @Test
    @DisplayName("notify needs the service token, a known kind and a number; a number without devices gets none")
    void notifyValidatesItsInput() {
        given().contentType("application/json").body(Map.of("number", "1", "kind", "message", "from", "2"))
                .post("/internal/v1/notify").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType("application/json")
                .body(Map.of("number", "1", "kind", "message", "from", "2")).post("/internal/v1/notify").then().statusCode(401);
        given().header("Authorization", SERVICE).contentType("application/json")
                .body(Map.of("number", "1", "kind", "shout", "from", "2")).post("/internal/v1/notify").then().statusCode(400);
        given().header("Authorization", SERVICE).contentType("application/json")
                .body(Map.of("number", "not-a-number", "kind", "message", "from", "2")).post("/internal/v1/notify").then().statusCode(400);
        given().header("Authorization", SERVICE).contentType("application/json").body("{oops")
                .post("/internal/v1/notify").then().statusCode(400).body("error", equalTo("bad_json"));
        assertEquals(0, notify(number(), "message", "2", null, "x").getInt("devices"));
    }

    static String number() {
        return "9991" + (10_000_000 + (int) (Math.random() * 89_999_999));
    }

    JsonPath subscribe(String number, String deviceId) {
        JsonPath subscription = pushService.subscribe();
        given().header("Authorization", "Bearer " + DeviceTokens.forNumber(number)).contentType("application/json")
                .body(Map.of("endpoint", subscription.getString("endpoint"), "expirationTime", "null",
                        "keys", subscription.getMap("keys")))
                .put("/api/v1/push/subscriptions/" + deviceId).then().statusCode(201);
        return subscription;
    }

    static JsonPath notify(String number, String kind, String from, String callId) {
        return notify(number, kind, from, callId, null);
    }

    static JsonPath notify(String number, String kind, String from, String callId, String content) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("number", number, "kind", kind, "from", from));
        if (callId != null) {
            body.put("callId", callId);
        }
        if (content != null) {
            body.put("content", content);
        }
        return given().header("Authorization", SERVICE).contentType("application/json").body(body)
                .post("/internal/v1/notify").then().statusCode(200).extract().jsonPath();
    }

    static Map<String, Object> parse(String json) {
        return JsonPath.from(json).getMap("$");
    }

    long count(String sql, Object... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
