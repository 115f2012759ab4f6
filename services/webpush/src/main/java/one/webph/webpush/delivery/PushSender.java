package one.webph.webpush.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import one.webph.webpush.config.WebPushConfig;
import one.webph.webpush.crypto.WebPushEncryption;
import one.webph.webpush.subscription.DeviceSubscription;
import one.webph.webpush.vapid.VapidKeys;

/**
 * Sends one encrypted message to one push service (RFC 8030 §5) and retries it, with backoff or
 * the service's {@code Retry-After}, while the service answers 429 or 5xx (or cannot be reached)
 * and the message's TTL allows.
 *
 * <p>Threads: never blocks. {@link #send} encrypts on the caller's thread (an event loop for
 * notify); answers and retry timers come on Vert.x event loops. The Vert.x HTTP client keeps
 * HTTP/1.1 connections alive per push service, at most {@code max-connections} of them, so the
 * TLS handshake and the TCP setup are paid once, not per push, and concurrency stays bounded.
 */
@ApplicationScoped
public class PushSender {

    private static final Logger LOG = Logger.getLogger(PushSender.class);

    private final WebPushConfig config;
    private final VapidKeys vapid;
    private final MeterRegistry metrics;
    private final Vertx vertx;
    private final HttpClient http;
    private final WebPushEncryption encryption = new WebPushEncryption();
    private final Map<PushKind, Counter> sent = new EnumMap<>(PushKind.class);
    private final Counter gone;

    PushSender(WebPushConfig config, VapidKeys vapid, MeterRegistry metrics, Vertx vertx) {
        this.config = config;
        this.vapid = vapid;
        this.metrics = metrics;
        this.vertx = vertx;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setName("push-services")
                        .setProtocolVersion(HttpVersion.HTTP_1_1)
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(60)
                        .setConnectTimeout(5000)
                        .setVerifyHost(true),
                new PoolOptions()
                        .setHttp1MaxSize(config.sending().maxConnections())
                        .setMaxWaitQueueSize(config.sending().maxQueued()));
        // Looked up once: a registry lookup per push allocates and hashes the meter's id.
        for (PushKind kind : PushKind.values()) {
            sent.put(kind, metrics.counter("webpush.sent", "kind", kind.wire()));
        }
        this.gone = metrics.counter("webpush.failed", "reason", "gone");
    }

    CompletableFuture<DeliveryOutcome> send(DeviceSubscription subscription, OutgoingPush push) {
        byte[] body;
        try {
            body = encryption.encrypt(push.payload(), Base64.getUrlDecoder().decode(subscription.p256dh()),
                    Base64.getUrlDecoder().decode(subscription.auth()));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(outcome(subscription, DeliveryOutcome.Result.REJECTED, 0, e.getMessage()));
        }
        Instant expiry = Instant.now().plus(push.ttl());
        CompletableFuture<DeliveryOutcome> result = new CompletableFuture<>();
        attempt(subscription, push, Buffer.buffer(body), expiry, 1, config.sending().firstRetry(), result);
        return result;
    }

    /** The push service's answer, read in full so the connection can carry the next push. */
    private record Answer(int status, String retryAfter, String body) {
    }

    private void attempt(DeviceSubscription subscription, OutgoingPush push, Buffer body, Instant expiry, int attempt,
                         Duration backoff, CompletableFuture<DeliveryOutcome> result) {
        long ttlSeconds = Math.max(0, Duration.between(Instant.now(), expiry).toSeconds());
        URI endpoint = subscription.endpoint();
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                // The parts of the parsed URI: an absolute URI string would be parsed again per push.
                .setSsl(https)
                .setHost(endpoint.getHost())
                .setPort(endpoint.getPort() != -1 ? endpoint.getPort() : https ? 443 : 80)
                .setURI(pathAndQuery(endpoint))
                .setIdleTimeout(config.sending().requestTimeout().toMillis())
                .putHeader("TTL", Long.toString(ttlSeconds))
                .putHeader("Urgency", push.urgency())
                .putHeader("Content-Encoding", "aes128gcm")
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Authorization", vapid.signer().cachedAuthorization(endpoint, Duration.ofHours(12)));
        if (push.topic() != null) {
            request.putHeader("Topic", push.topic());
        }
        http.request(request)
                .compose(outgoing -> outgoing.send(body))
                .compose(PushSender::readAnswer)
                .onComplete(answered -> onAnswer(answered, subscription, push, body, expiry, attempt, backoff, result));
    }

    private static String pathAndQuery(URI endpoint) {
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        return endpoint.getRawQuery() == null ? path : path + "?" + endpoint.getRawQuery();
    }

    private static io.vertx.core.Future<Answer> readAnswer(HttpClientResponse response) {
        return response.body().map(text -> new Answer(response.statusCode(), response.getHeader("Retry-After"), text.toString()));
    }

    private void onAnswer(AsyncResult<Answer> answered, DeviceSubscription subscription, OutgoingPush push, Buffer body,
                          Instant expiry, int attempt, Duration backoff, CompletableFuture<DeliveryOutcome> result) {
        Answer answer = answered.succeeded() ? answered.result() : null;
        int status = answer == null ? 0 : answer.status();
        if (status == 200 || status == 201 || status == 202) {
            sent.get(push.kind()).increment();
            result.complete(outcome(subscription, DeliveryOutcome.Result.DELIVERED, status, "accepted"));
        } else if (status == 404 || status == 410) {
            gone.increment();
            result.complete(outcome(subscription, DeliveryOutcome.Result.GONE, status, "subscription expired or unsubscribed"));
        } else if (status == 429 || status >= 500 || answer == null) {
            // RFC 8030 §8.4 and §7.2: the push service is overloaded or unavailable; try again later within the TTL.
            Duration wait = retryAfter(answer).orElse(backoff);
            String why = answer == null ? "unreachable: " + answered.cause().getMessage() : "push service answered " + status;
            if (attempt < config.sending().maxAttempts() && Instant.now().plus(wait).isBefore(expiry)) {
                LOG.debugf("Push to %s: %s; retry %d in %d ms", subscription, why, attempt, wait.toMillis());
                vertx.setTimer(Math.max(1, wait.toMillis()),
                        timer -> attempt(subscription, push, body, expiry, attempt + 1, backoff.multipliedBy(2), result));
            } else {
                metrics.counter("webpush.failed", "reason", status == 429 ? "rate_limited" : "unavailable").increment();
                LOG.warnf("Gave up a push to %s after %d attempts: %s", subscription, attempt, why);
                result.complete(outcome(subscription, DeliveryOutcome.Result.FAILED, status, why));
            }
        } else {
            // 400, 403, 413...: the push service refuses what we sent. That is our bug, not the phone's.
            metrics.counter("webpush.failed", "reason", "rejected_" + status).increment();
            LOG.errorf("Push service refused a push to %s with %d: %s (a bug: the message or its headers are wrong)",
                    subscription, status, abbreviate(answer.body()));
            result.complete(outcome(subscription, DeliveryOutcome.Result.REJECTED, status, abbreviate(answer.body())));
        }
    }

    private static Optional<Duration> retryAfter(Answer answer) {
        if (answer == null || answer.retryAfter() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(answer.retryAfter().trim()))));
        } catch (NumberFormatException e) {
            // An HTTP date instead of seconds: our own backoff will do.
            return Optional.empty();
        }
    }

    private static DeliveryOutcome outcome(DeviceSubscription subscription, DeliveryOutcome.Result result, int status, String detail) {
        return new DeliveryOutcome(subscription.deviceId(), result, status, detail);
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
