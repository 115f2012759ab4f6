package one.webph.webpush.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
class DeviceApiTest {

    @Inject
    AgroalDataSource dataSource;

    final PushServiceClient pushService = new PushServiceClient();

    @Test
    @DisplayName("the public key is a P-256 point, the same on every call (it is kept in the database)")
    void publicKeyIsStable() {
        String key = given().get("/api/v1/push/public-key").then().statusCode(200).extract().path("publicKey");
        assertEquals(65, java.util.Base64.getUrlDecoder().decode(key).length);
        assertEquals(key, given().get("/api/v1/push/public-key").then().extract().path("publicKey"));
        assertEquals(key, given().get("/publicKey").then().statusCode(200).extract().path("key"), "legacy shape");
    }

    @Test
    @DisplayName("missing, expired, foreign-issuer or tampered tokens are refused and change nothing")
    void badTokensAreRefused() throws Exception {
        String number = NotifyTest.number();
        String deviceId = "dev-" + UUID.randomUUID();
        Map<String, Object> body = body(pushService.subscribe());
        String good = DeviceTokens.forNumber(number);
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace(number, "99910000001").getBytes()) + "." + parts[2];
        for (String token : new String[] {null, "garbage", DeviceTokens.expired(number), DeviceTokens.otherIssuer(number), tampered}) {
            var request = given().contentType("application/json").body(body);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            request.put("/api/v1/push/subscriptions/" + deviceId).then().statusCode(401);
        }
        assertEquals(0, count("SELECT COUNT(*) FROM push_subscription WHERE device_id = ?", deviceId));
    }

    @Test
    @DisplayName("another number's token cannot replace or delete a device's subscription")
    void anotherNumberIsForbidden() throws Exception {
        String owner = NotifyTest.number();
        String intruder = NotifyTest.number();
        String deviceId = "owned-" + UUID.randomUUID();
        JsonPath subscription = pushService.subscribe();
        given().header("Authorization", "Bearer " + DeviceTokens.forNumber(owner)).contentType("application/json")
                .body(body(subscription)).put("/api/v1/push/subscriptions/" + deviceId).then().statusCode(201);
        given().header("Authorization", "Bearer " + DeviceTokens.forNumber(intruder)).contentType("application/json")
                .body(body(pushService.subscribe())).put("/api/v1/push/subscriptions/" + deviceId).then().statusCode(403);
        given().header("Authorization", "Bearer " + DeviceTokens.forNumber(intruder))
                .delete("/api/v1/push/subscriptions/" + deviceId).then().statusCode(403);
        assertEquals(1, count("SELECT COUNT(*) FROM push_subscription WHERE device_id = ? AND number = ? AND endpoint = ?",
                deviceId, owner, subscription.getString("endpoint")));

        given().header("Authorization", "Bearer " + DeviceTokens.forNumber(owner)).contentType("application/json")
                .body(body(subscription)).put("/api/v1/push/subscriptions/" + deviceId).then().statusCode(200)
                .body("status", equalTo("updated"));
        given().header("Authorization", "Bearer " + DeviceTokens.forNumber(owner))
                .delete("/api/v1/push/subscriptions/" + deviceId).then().statusCode(204);
        assertEquals(0, count("SELECT COUNT(*) FROM push_subscription WHERE device_id = ?", deviceId));
    }

    @Test
    @DisplayName("malformed subscriptions are refused with a reason: non-https, foreign host, bad keys, bad device id")
    void badSubscriptionsAreRefused() throws Exception {
        String token = "Bearer " + DeviceTokens.forNumber(NotifyTest.number());
        JsonPath good = pushService.subscribe();
        Map<String, Object> keys = good.getMap("keys");
        Object[][] cases = {
                {"http://example.org/push", keys},
                {"https://evil.example.org/push", keys},
                {"https://user:pw@fcm.googleapis.com/x", keys},
                {good.getString("endpoint"), Map.of("p256dh", "AAAA", "auth", keys.get("auth"))},
                {good.getString("endpoint"), Map.of("p256dh", keys.get("p256dh"), "auth", "AAAA")},
                {"not a url", keys},
        };
        String deviceId = "bad-" + UUID.randomUUID();
        for (Object[] c : cases) {
            given().header("Authorization", token).contentType("application/json").body(Map.of("endpoint", c[0], "keys", c[1]))
                    .put("/api/v1/push/subscriptions/" + deviceId).then().statusCode(400).body("error", equalTo("bad_subscription"));
        }
        given().header("Authorization", token).contentType("application/json").body(body(good))
                .put("/api/v1/push/subscriptions/bad$id").then().statusCode(400);
        assertEquals(0, count("SELECT COUNT(*) FROM push_subscription WHERE device_id = ?", deviceId));
    }

    @Test
    @DisplayName("legacy /send takes a peer key with scope push:send and answers the original shapes; /save never replaces")
    void legacyApi() throws Exception {
        String number = NotifyTest.number();
        String key = "wpk_test_" + UUID.randomUUID();
        execute("INSERT INTO api_client (name, key_prefix, key_hash, scopes) VALUES (?, ?, SHA2(?, 256), 'push:send')",
                "peer-" + UUID.randomUUID(), key.substring(0, 12), key);
        execute("INSERT INTO subscriber (username, domain) VALUES (?, 'localhost')", number);

        given().contentType("application/json").body(Map.of("user", number, "secretKey", "no_secure", "payload", Map.of()))
                .post("/send").then().statusCode(200).body("error", equalTo("Invalid Key"));
        given().contentType("application/json").body(Map.of("user", number, "secretKey", key, "payload", Map.of()))
                .post("/send").then().statusCode(200).body("error", equalTo("User not found")).body("id", equalTo(number));

        JsonPath first = pushService.subscribe();
        given().contentType("application/json").body(legacySave(number, first)).post("/save")
                .then().statusCode(200).body("status", equalTo("created"));
        JsonPath second = pushService.subscribe();
        given().contentType("application/json").body(legacySave(number, second)).post("/save")
                .then().statusCode(200).body("error", org.hamcrest.Matchers.containsString("cannot be replaced"));
        assertEquals(1, count("SELECT COUNT(*) FROM push_subscription WHERE number = ? AND endpoint = ?", number, first.getString("endpoint")));

        given().contentType("application/json")
                .body(Map.of("user", number, "secretKey", key, "payload", Map.of("from", "99910077777", "action", "sms-incoming", "content", "hi")))
                .post("/send").then().statusCode(200).body("result", equalTo("Sending push notificactions"));
        JsonPath messages = null;
        for (int i = 0; i < 50; i++) {
            messages = pushService.messages(first.getString("id"));
            if (!messages.getList("$").isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        Map<String, Object> payload = JsonPath.from(messages.getString("[0].payload")).getMap("$");
        assertEquals("message", payload.get("kind"));
        assertEquals("hi", payload.get("content"));
        assertTrue(payload.containsKey("notification"));
    }

    static Map<String, Object> body(JsonPath subscription) {
        return Map.of("endpoint", subscription.getString("endpoint"), "keys", subscription.getMap("keys"));
    }

    static Map<String, Object> legacySave(String number, JsonPath subscription) {
        return Map.of("user", number, "endpoint", subscription.getString("endpoint"),
                "auth", subscription.getString("keys.auth"), "p256dh", subscription.getString("keys.p256dh"));
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

    void execute(String sql, Object... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }
}
