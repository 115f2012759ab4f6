package one.webph.sip.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * webpush's internal notify API as sip-proxy sees it (the contract in services/webpush/README.md),
 * recording every notify. Numbers starting with 7 have no device; others have one that gets the
 * push. The real webpush is exercised by its own tests and by the whole-chain test.
 */
public class FakeWebPush implements QuarkusTestResourceLifecycleManager {

    static final List<JsonObject> NOTIFIED = new CopyOnWriteArrayList<>();
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (!"Bearer test-service-token".equals(request.getHeader("Authorization"))) {
                request.response().setStatusCode(401).end("{\"error\":\"bad token\"}");
                return;
            }
            JsonObject notify = body.toJsonObject();
            NOTIFIED.add(notify);
            boolean hasDevice = !notify.getString("number", "").startsWith("7");
            JsonArray outcomes = hasDevice
                    ? new JsonArray().add(new JsonObject().put("deviceId", "phone-1").put("result", "DELIVERED").put("status", 201))
                    : new JsonArray();
            request.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("number", notify.getString("number")).put("devices", outcomes.size()).put("outcomes", outcomes).encode());
        }));
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
        return Map.of("sip.push.webpush-url", "http://127.0.0.1:" + port, "sip.push.service-token", "test-service-token",
                "sip.push.hold", "PT6S");
    }

    @Override
    public void stop() {
        vertx.close();
    }

    static List<JsonObject> forNumber(String number) {
        return NOTIFIED.stream().filter(n -> number.equals(n.getString("number"))).toList();
    }
}
