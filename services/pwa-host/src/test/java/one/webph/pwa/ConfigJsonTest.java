package one.webph.pwa;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** /config.json as the app reads it, from this deployment's settings (the %test profile). */
@QuarkusTest
class ConfigJsonTest {

    @Test
    @DisplayName("/config.json tells the app where the SIP WebSocket and the APIs are")
    void configFromSettings() {
        given().get("/config.json").then()
                .statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", "no-cache")
                .body("sipWsUrl", equalTo("wss://sip.example.org/sip"))
                .body("sipDomain", equalTo("example.org"))
                .body("allocateApiUrl", equalTo("https://api.example.org"))
                .body("webpushApiUrl", equalTo("https://push.example.org"))
                .body("sipApiUrl", equalTo("https://proxy.example.org:8081"))
                .body("numberGroups", contains(3, 3, 5));
    }

    @Test
    @DisplayName("HEAD /config.json answers without a body")
    void headRequest() {
        given().head("/config.json").then().statusCode(200).header("Content-Length", org.hamcrest.Matchers.not("0"));
    }
}
