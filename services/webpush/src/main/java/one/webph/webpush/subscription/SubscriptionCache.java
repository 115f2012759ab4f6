package one.webph.webpush.subscription;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The subscriptions of recently notified numbers, so a notify costs no database query: a call
 * rings the same number several times (incoming, cancelled or missed), and sip-proxy retries.
 * Pure and thread-safe; {@link SubscriptionService} fills it and invalidates it.
 *
 * <p>Freshness: this instance drops a number's entry when it changes the number's subscriptions
 * (PUT, DELETE, a push service's 404/410). Another instance's change is seen after at most the
 * TTL: until then a removed device may get one more push (its push service answers 410 and it is
 * forgotten), and a newly added device may miss a push for a few seconds.
 *
 * <p>Refresh ahead: past half the TTL an entry is still served but reported due for a refresh,
 * so a busy number is re-read in the background and its notifies never wait for the database
 * (the numbers loaded together would otherwise all expire, and stall, together).
 */
final class SubscriptionCache {

    private record Entry(List<DeviceSubscription> devices, long loadedAt) {
    }

    /** A number's devices as cached, and whether it is time to read them again. */
    record Cached(List<DeviceSubscription> devices, boolean refreshDue) {
    }

    /** A load in progress: stored only when no invalidation came while it read the database. */
    record Load(String number, long generation) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();
    private final long ttlNanos;
    private final int maxNumbers;
    private final LongSupplier clock;

    SubscriptionCache(Duration ttl, int maxNumbers, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.maxNumbers = maxNumbers;
        this.clock = nanoClock;
    }

    /** @return the number's devices, or null when unknown or older than the TTL */
    Cached get(String number) {
        Entry entry = entries.get(number);
        if (entry == null) {
            return null;
        }
        long age = clock.getAsLong() - entry.loadedAt();
        return age > ttlNanos ? null : new Cached(entry.devices(), age > ttlNanos / 2);
    }

    /** Call before reading the database for a number. */
    Load beginLoad(String number) {
        return new Load(number, invalidations.get());
    }

    /**
     * Keeps what a load read, unless an invalidation happened meanwhile: the rows read may then
     * predate the change (a global counter: rarely, a load is not kept for nothing, never kept stale).
     */
    void complete(Load load, List<DeviceSubscription> devices) {
        if (ttlNanos <= 0 || invalidations.get() != load.generation()) {
            return;
        }
        if (entries.size() >= maxNumbers) {
            // Bounded memory: dropping everything is crude but rare (maxNumbers numbers notified within a TTL).
            entries.clear();
        }
        entries.put(load.number(), new Entry(List.copyOf(devices), clock.getAsLong()));
    }

    /** Call after the number's change has been committed. */
    void invalidate(String number) {
        invalidations.incrementAndGet();
        entries.remove(number);
    }
}
