package one.webph.webpush.delivery;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

/** The tests' handle on the local push service: make browser-like subscriptions, script answers, read what arrived. */
public final class PushServiceClient {

    private final String base = ConfigProvider.getConfig().getValue("test.push-service.url", String.class);

    /** A new subscription as a browser would have it: {id, endpoint, keys: {p256dh, auth}}. */
    public JsonPath subscribe() {
        return given().baseUri(base).post("/control/subscriptions").then().statusCode(201).extract().jsonPath();
    }

    public void script(String id, List<Integer> statuses) {
        given().baseUri(base).contentType("application/json").body(Map.of("statuses", statuses))
                .post("/control/subscriptions/" + id + "/script").then().statusCode(204);
    }

    public JsonPath messages(String id) {
        return given().baseUri(base).get("/control/subscriptions/" + id + "/messages").then().statusCode(200).extract().jsonPath();
    }

    public String base() {
        return base;
    }
}
