package one.webph.webpush.subscription;

import java.net.URI;
import java.time.Instant;

/**
 * One device's subscription as the sender needs it: an immutable copy of a
 * {@code push_subscription} row, safe to keep in the cache and to share between threads.
 *
 * @param id the row's key, to delete it when its push service says it is gone
 * @param endpoint parsed once here, not per push (it was checked by {@link EndpointPolicy} when stored)
 * @param lastSuccessAt when a push last reached it, as read from the database (may be null)
 */
public record DeviceSubscription(long id, String number, String deviceId, URI endpoint, String p256dh, String auth,
                                 Instant lastSuccessAt) {

    @Override
    public String toString() {
        return "PushSubscription[" + number + "/" + deviceId + "]";
    }
}
