package one.webph.webpush.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import one.webph.webpush.config.WebPushConfig;
import one.webph.webpush.crypto.WebPushEncryption;
import one.webph.webpush.subscription.PushSubscription;
import one.webph.webpush.vapid.VapidKeys;

/**
 * Sends one encrypted message to one push service (RFC 8030 §5) and retries it, with backoff or
 * the service's {@code Retry-After}, while the service answers 429 or 5xx (or cannot be reached)
 * and the message's TTL allows. Non-blocking: answers come on the HTTP client's threads, retries
 * wait on a scheduler thread.
 */
@ApplicationScoped
public class PushSender {

    private static final Logger LOG = Logger.getLogger(PushSender.class);

    private final WebPushConfig config;
    private final VapidKeys vapid;
    private final MeterRegistry metrics;
    private final WebPushEncryption encryption = new WebPushEncryption();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "push-retry");
        thread.setDaemon(true);
        return thread;
    });

    PushSender(WebPushConfig config, VapidKeys vapid, MeterRegistry metrics) {
        this.config = config;
        this.vapid = vapid;
        this.metrics = metrics;
    }

    public CompletableFuture<DeliveryOutcome> send(PushSubscription subscription, PushMessage message) {
        byte[] body;
        try {
            body = encryption.encrypt(message.payload(), Base64.getUrlDecoder().decode(subscription.p256dh),
                    Base64.getUrlDecoder().decode(subscription.auth));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(outcome(subscription, DeliveryOutcome.Result.REJECTED, 0, e.getMessage()));
        }
        Duration ttl = message.ttl(config.sending().callTtl(), config.sending().messageTtl());
        Instant expiry = Instant.now().plus(ttl);
        CompletableFuture<DeliveryOutcome> result = new CompletableFuture<>();
        attempt(subscription, message, body, expiry, 1, config.sending().firstRetry(), result);
        return result;
    }

    private void attempt(PushSubscription subscription, PushMessage message, byte[] body, Instant expiry, int attempt,
                         Duration backoff, CompletableFuture<DeliveryOutcome> result) {
        URI endpoint = URI.create(subscription.endpoint);
        long ttlSeconds = Math.max(0, Duration.between(Instant.now(), expiry).toSeconds());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("TTL", Long.toString(ttlSeconds))
                .header("Urgency", message.urgency())
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .header("Authorization", vapid.signer().cachedAuthorization(endpoint, Duration.ofHours(12)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (message.topic() != null) {
            request.header("Topic", message.topic());
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            int status = response == null ? 0 : response.statusCode();
            if (status == 200 || status == 201 || status == 202) {
                metrics.counter("webpush.sent", "kind", message.kind().wire()).increment();
                result.complete(outcome(subscription, DeliveryOutcome.Result.DELIVERED, status, "accepted"));
            } else if (status == 404 || status == 410) {
                metrics.counter("webpush.failed", "reason", "gone").increment();
                result.complete(outcome(subscription, DeliveryOutcome.Result.GONE, status, "subscription expired or unsubscribed"));
            } else if (status == 429 || status >= 500 || error != null) {
                Duration wait = retryAfter(response).orElse(backoff);
                String why = error != null ? "unreachable: " + error.getMessage() : "push service answered " + status;
                if (attempt < config.sending().maxAttempts() && Instant.now().plus(wait).isBefore(expiry)) {
                    LOG.debugf("Push to %s: %s; retry %d in %d ms", subscription, why, attempt, wait.toMillis());
                    retries.schedule(() -> attempt(subscription, message, body, expiry, attempt + 1, backoff.multipliedBy(2), result),
                            wait.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    metrics.counter("webpush.failed", "reason", status == 429 ? "rate_limited" : "unavailable").increment();
                    LOG.warnf("Gave up a push to %s after %d attempts: %s", subscription, attempt, why);
                    result.complete(outcome(subscription, DeliveryOutcome.Result.FAILED, status, why));
                }
            } else {
                // 400, 403, 413...: the push service refuses what we sent. That is our bug, not the phone's.
                metrics.counter("webpush.failed", "reason", "rejected_" + status).increment();
                LOG.errorf("Push service refused a push to %s with %d: %s (a bug: the message or its headers are wrong)",
                        subscription, status, abbreviate(response.body()));
                result.complete(outcome(subscription, DeliveryOutcome.Result.REJECTED, status, abbreviate(response.body())));
            }
        });
    }

    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        if (response == null) {
            return java.util.Optional.empty();
        }
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private static DeliveryOutcome outcome(PushSubscription subscription, DeliveryOutcome.Result result, int status, String detail) {
        return new DeliveryOutcome(subscription.deviceId, result, status, detail);
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    @PreDestroy
    void close() {
        retries.shutdownNow();
    }
}
