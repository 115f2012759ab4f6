package one.webph.webpush.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import one.webph.webpush.config.WebPushConfig;
import one.webph.webpush.subscription.PushSubscription;
import one.webph.webpush.subscription.SubscriptionService;

/**
 * Sends one message to every device of a number at once and reports per device. The answer comes
 * by the configured deadline at the latest; pushes still being retried then are reported
 * {@code PENDING} and go on. Subscriptions the push service calls gone are deleted.
 */
@ApplicationScoped
public class Notifier {

    private static final Logger LOG = Logger.getLogger(Notifier.class);
    static final java.time.Duration LAST_SUCCESS_PRECISION = java.time.Duration.ofHours(1);

    private final WebPushConfig config;
    private final SubscriptionService subscriptions;
    private final PushSender sender;
    private final MeterRegistry metrics;

    Notifier(WebPushConfig config, SubscriptionService subscriptions, PushSender sender, MeterRegistry metrics) {
        this.config = config;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.metrics = metrics;
    }

    public CompletableFuture<List<DeliveryOutcome>> notify(String number, PushMessage message) {
        Timer.Sample sample = Timer.start(metrics);
        List<PushSubscription> devices = subscriptions.forNumber(number);
        List<CompletableFuture<DeliveryOutcome>> sends = new ArrayList<>();
        for (PushSubscription device : devices) {
            CompletableFuture<DeliveryOutcome> sent = sender.send(device, message).thenApply(outcome -> {
                afterwards(device, outcome);
                return outcome;
            });
            sends.add(sent.copy().completeOnTimeout(new DeliveryOutcome(device.deviceId, DeliveryOutcome.Result.PENDING, 0,
                    "still trying"), config.sending().deadline().toMillis(), TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<DeliveryOutcome> outcomes = sends.stream().map(CompletableFuture::join).toList();
            sample.stop(metrics.timer("webpush.notify", "kind", message.kind().wire()));
            LOG.infof("Push %s for %s from %s: %s", message.kind().wire(), number, message.from(), summary(outcomes));
            return outcomes;
        });
    }

    private void afterwards(PushSubscription device, DeliveryOutcome outcome) {
        try {
            if (outcome.result() == DeliveryOutcome.Result.GONE) {
                subscriptions.forget(device.id);
                metrics.counter("webpush.subscriptions.removed").increment();
                LOG.infof("Removed %s: its push service says it is gone (%d)", device, outcome.status());
            } else if (outcome.result() == DeliveryOutcome.Result.DELIVERED && (device.lastSuccessAt == null
                    || device.lastSuccessAt.isBefore(java.time.Instant.now().minus(LAST_SUCCESS_PRECISION)))) {
                // The date of the last success is for operators; to the hour is enough, and spares a write per push.
                subscriptions.delivered(device.id);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not record the outcome for %s: %s", device, e.getMessage());
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
