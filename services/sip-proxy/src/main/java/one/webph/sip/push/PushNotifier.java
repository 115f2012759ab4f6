package one.webph.sip.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;

import org.jboss.logging.Logger;

/**
 * Asks webpush to wake a number's devices ({@code POST /internal/v1/notify}, authenticated with
 * the service token): an incoming call, its cancellation, a missed call, a text. Never blocks the
 * caller for longer than the configured timeout; a failure is logged and reported, not thrown.
 */
public final class PushNotifier {

    private static final Logger LOG = Logger.getLogger(PushNotifier.class);

    /** What webpush did: how many devices the number has, and to how many the push went. */
    public record Outcome(boolean reached, int devices, int delivered) {
        static final Outcome UNREACHABLE = new Outcome(false, 0, 0);
    }

    private final HttpClient client;
    private final URI base;
    private final String token;
    private final long timeoutMillis;

    public PushNotifier(Vertx vertx, URI base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeoutMillis = timeout.toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(20)
                .setConnectTimeout((int) Math.min(timeoutMillis, Integer.MAX_VALUE)));
    }

    public Future<Outcome> notify(String number, String kind, String from, String callId, String content) {
        JsonObject body = new JsonObject().put("number", number).put("kind", kind).put("from", from);
        if (callId != null) {
            body.put("callId", callId);
        }
        if (content != null) {
            body.put("content", content);
        }
        int port = base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost()).setPort(port)
                .setSsl("https".equals(base.getScheme())).setURI(base.getPath().replaceAll("/$", "") + "/internal/v1/notify")
                .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json")
                .setTimeout(timeoutMillis);
        return client.request(options)
                .compose(request -> request.send(Buffer.buffer(body.encode())))
                .compose(response -> response.body().map(answer -> {
                    if (response.statusCode() != 200) {
                        LOG.warnf("webpush refused the %s push for %s: HTTP %d %s", kind, number, response.statusCode(), answer);
                        return Outcome.UNREACHABLE;
                    }
                    JsonObject json = answer.toJsonObject();
                    JsonArray outcomes = json.getJsonArray("outcomes", new JsonArray());
                    int delivered = 0;
                    for (int i = 0; i < outcomes.size(); i++) {
                        String result = outcomes.getJsonObject(i).getString("result", "");
                        if ("DELIVERED".equals(result) || "PENDING".equals(result)) {
                            delivered++;
                        }
                    }
                    return new Outcome(true, json.getInteger("devices", outcomes.size()), delivered);
                }))
                .recover(error -> {
                    LOG.warnf("Could not reach webpush for the %s push to %s: %s", kind, number, error.getMessage());
                    return Future.succeededFuture(Outcome.UNREACHABLE);
                });
    }
}
