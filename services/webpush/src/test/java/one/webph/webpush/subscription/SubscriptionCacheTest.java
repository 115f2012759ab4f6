package one.webph.webpush.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SubscriptionCacheTest {

    final AtomicLong clock = new AtomicLong();
    final SubscriptionCache cache = new SubscriptionCache(Duration.ofSeconds(5), 3, clock::get);
    final List<DeviceSubscription> devices = List.of(
            new DeviceSubscription(1, "999100", "phone", java.net.URI.create("https://push.example.net/1"), "key", "auth", null));

    @Test
    @DisplayName("a loaded number is served from memory until its TTL runs out, due for a refresh from half of it")
    void servesUntilTtl() {
        cache.complete(cache.beginLoad("999100"), devices);
        assertEquals(new SubscriptionCache.Cached(devices, false), cache.get("999100"));
        clock.addAndGet(Duration.ofMillis(2500).toNanos() + 1);
        assertEquals(new SubscriptionCache.Cached(devices, true), cache.get("999100"), "served, and re-read in the background");
        clock.addAndGet(Duration.ofMillis(2500).toNanos() - 1);
        assertEquals(devices, cache.get("999100").devices());
        clock.addAndGet(1);
        assertNull(cache.get("999100"), "older than the TTL: read the database again");
    }

    @Test
    @DisplayName("an invalidation drops the number, and a load that began before it is not kept (it may have read old rows)")
    void invalidationWinsOverLoadsInFlight() {
        cache.complete(cache.beginLoad("999100"), devices);
        SubscriptionCache.Load racing = cache.beginLoad("999100");
        cache.invalidate("999100");
        assertNull(cache.get("999100"));
        cache.complete(racing, devices);
        assertNull(cache.get("999100"), "the racing load read before the change was committed");
        cache.complete(cache.beginLoad("999100"), List.of());
        assertEquals(List.of(), cache.get("999100").devices(), "a load after the change is kept, even an empty one");
    }

    @Test
    @DisplayName("memory stays bounded: past the maximum the cache starts over; a TTL of zero turns it off")
    void boundedAndSwitchable() {
        for (int n = 0; n < 4; n++) {
            cache.complete(cache.beginLoad("n" + n), devices);
        }
        assertNull(cache.get("n0"));
        assertEquals(devices, cache.get("n3").devices());
        SubscriptionCache off = new SubscriptionCache(Duration.ZERO, 3, clock::get);
        off.complete(off.beginLoad("999100"), devices);
        assertNull(off.get("999100"));
    }
}
