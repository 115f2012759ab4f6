package one.webph.webpush.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import one.webph.webpush.config.WebPushConfig;
import one.webph.webpush.subscription.DeviceSubscription;
import one.webph.webpush.subscription.SubscriptionService;

/**
 * Sends one message to every device of a number at once and reports per device. The answer comes
 * by the configured deadline at the latest; pushes still being retried then are reported
 * {@code PENDING} and go on. Subscriptions the push service calls gone are deleted.
 *
 * <p>Threads: {@link #notify} never blocks, so notify runs on the HTTP event loop. The database
 * is touched only on a worker thread: to read a number's devices when the subscription cache
 * does not know them, to delete a gone subscription, and at most hourly per device to record a
 * success.
 */
@ApplicationScoped
public class Notifier {

    private static final Logger LOG = Logger.getLogger(Notifier.class);
    /** The date of the last success is for operators; to the hour is enough, and spares a write per push. */
    static final Duration LAST_SUCCESS_PRECISION = Duration.ofHours(1);

    private final WebPushConfig config;
    private final SubscriptionService subscriptions;
    private final PushSender sender;
    private final Vertx vertx;
    private final Counter removed;
    private final Map<PushKind, Timer> latency = new EnumMap<>(PushKind.class);
    /** Database reads in progress, by number. */
    private final Map<String, CompletableFuture<List<DeviceSubscription>>> loads = new ConcurrentHashMap<>();
    /** Subscription id → when this instance last recorded a success for it. */
    private final Map<Long, Instant> successRecorded = new ConcurrentHashMap<>();

    Notifier(WebPushConfig config, SubscriptionService subscriptions, PushSender sender, MeterRegistry metrics, Vertx vertx) {
        this.config = config;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.vertx = vertx;
        this.removed = metrics.counter("webpush.subscriptions.removed");
        for (PushKind kind : PushKind.values()) {
            latency.put(kind, metrics.timer("webpush.notify", "kind", kind.wire()));
        }
    }

    public CompletionStage<List<DeliveryOutcome>> notify(String number, PushMessage message) {
        long started = System.nanoTime();
        OutgoingPush push = OutgoingPush.of(message, config.sending().callTtl(), config.sending().messageTtl());
        return devicesOf(number).thenCompose(list -> sendToAll(list, push)).thenApply(outcomes -> {
            latency.get(message.kind()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            log(number, message, outcomes);
            return outcomes;
        });
    }

    /**
     * The number's devices from the cache (starting a background re-read when it is due), or
     * from a database read on a worker thread. One read per number at a time, shared by every
     * notify for it arriving meanwhile.
     */
    private CompletionStage<List<DeviceSubscription>> devicesOf(String number) {
        SubscriptionService.Known known = subscriptions.cached(number);
        if (known == null) {
            return reload(number);
        }
        if (known.refreshDue()) {
            reload(number);
        }
        return CompletableFuture.completedFuture(known.devices());
    }

    private CompletableFuture<List<DeviceSubscription>> reload(String number) {
        CompletableFuture<List<DeviceSubscription>> mine = new CompletableFuture<>();
        CompletableFuture<List<DeviceSubscription>> running = loads.putIfAbsent(number, mine);
        if (running != null) {
            return running;
        }
        vertx.executeBlocking(() -> subscriptions.reload(number), false).onComplete(loaded -> {
            loads.remove(number, mine);
            if (loaded.succeeded()) {
                mine.complete(loaded.result());
            } else {
                LOG.warnf("Could not read the subscriptions of %s: %s", number, loaded.cause().getMessage());
                mine.completeExceptionally(loaded.cause());
            }
        });
        return mine;
    }

    private CompletableFuture<List<DeliveryOutcome>> sendToAll(List<DeviceSubscription> devices, OutgoingPush push) {
        List<CompletableFuture<DeliveryOutcome>> sends = new ArrayList<>(devices.size());
        for (DeviceSubscription device : devices) {
            CompletableFuture<DeliveryOutcome> sent = sender.send(device, push).thenCompose(outcome -> afterwards(device, outcome));
            sends.add(sent.copy().completeOnTimeout(new DeliveryOutcome(device.deviceId(), DeliveryOutcome.Result.PENDING, 0,
                    "still trying"), config.sending().deadline().toMillis(), TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .thenApply(done -> sends.stream().map(CompletableFuture::join).toList());
    }

    /** The database side of an outcome, on a worker thread; the outcome stands whatever happens to it. */
    private CompletableFuture<DeliveryOutcome> afterwards(DeviceSubscription device, DeliveryOutcome outcome) {
        if (outcome.result() == DeliveryOutcome.Result.GONE) {
            // Waited for: the caller (and the tests) may rely on the subscription being gone once told so.
            return vertx.executeBlocking(() -> {
                subscriptions.forget(device);
                removed.increment();
                LOG.infof("Removed %s: its push service says it is gone (%d)", device, outcome.status());
                return outcome;
            }, false).toCompletionStage().toCompletableFuture().exceptionally(error -> {
                LOG.warnf("Could not remove %s: %s", device, error.getMessage());
                return outcome;
            });
        }
        if (outcome.result() == DeliveryOutcome.Result.DELIVERED && successWorthRecording(device)) {
            vertx.executeBlocking(() -> {
                subscriptions.delivered(device.id());
                return null;
            }, false).onFailure(error -> LOG.warnf("Could not record the success of %s: %s", device, error.getMessage()));
        }
        return CompletableFuture.completedFuture(outcome);
    }

    private boolean successWorthRecording(DeviceSubscription device) {
        Instant now = Instant.now();
        Instant recorded = successRecorded.getOrDefault(device.id(), device.lastSuccessAt());
        if (recorded != null && recorded.isAfter(now.minus(LAST_SUCCESS_PRECISION))) {
            return false;
        }
        if (successRecorded.size() > 100_000) {
            // Bounded memory; forgetting only costs an extra write per device.
            successRecorded.clear();
        }
        successRecorded.put(device.id(), now);
        return true;
    }

    private static void log(String number, PushMessage message, List<DeliveryOutcome> outcomes) {
        boolean allDelivered = !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o.result() == DeliveryOutcome.Result.DELIVERED);
        // At a thousand notifications a second a line each would cost more than sending; metrics count them.
        if (allDelivered ? LOG.isDebugEnabled() : LOG.isInfoEnabled()) {
            LOG.logf(allDelivered ? Logger.Level.DEBUG : Logger.Level.INFO, "Push %s for %s from %s: %s",
                    message.kind().wire(), number, message.from(), summary(outcomes));
        }
    }

    private static String summary(List<DeliveryOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return "no device subscribed";
        }
        StringBuilder text = new StringBuilder();
        for (DeliveryOutcome outcome : outcomes) {
            text.append(text.length() == 0 ? "" : ", ").append(outcome.deviceId()).append(' ').append(outcome.result());
        }
        return text.toString();
    }
}
