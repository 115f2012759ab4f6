package one.webph.webpush.subscription;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import one.webph.webpush.config.WebPushConfig;
import one.webph.webpush.crypto.P256;

/**
 * Stores and removes subscriptions, with the rules that keep one number from touching another's:
 * a device id belongs to the number that first stored it. Reads for sending go through a short-lived
 * per-number cache ({@link SubscriptionCache}) that every change here invalidates once committed.
 * The blocking methods need a worker thread; {@link #cached} never blocks.
 */
@ApplicationScoped
public class SubscriptionService {

    private static final Logger LOG = Logger.getLogger(SubscriptionService.class);

    private final WebPushConfig config;
    private final EndpointPolicy endpoints;
    private final SubscriptionRepository repository;
    private final SubscriptionReader reader;
    private final SubscriptionCache cache;

    SubscriptionService(WebPushConfig config, EndpointPolicy endpoints, SubscriptionRepository repository, SubscriptionReader reader) {
        this.config = config;
        this.endpoints = endpoints;
        this.repository = repository;
        this.reader = reader;
        this.cache = new SubscriptionCache(config.subscriptions().cacheTtl(), config.subscriptions().cacheMaxNumbers(), System::nanoTime);
    }

    /** What a subscription request carries. */
    public record Keys(String endpoint, String p256dh, String auth) {
    }

    /** The result of storing. */
    public enum Stored { CREATED, UPDATED }

    /**
     * Creates or replaces the subscription of one device of a number.
     *
     * @throws IllegalArgumentException when the subscription is malformed (the message says why)
     * @throws SecurityException when the device id belongs to another number
     * @throws IllegalStateException when the number has too many devices
     */
    public Stored put(String number, String deviceId, Keys given) {
        Keys keys = validate(given);
        try {
            return QuarkusTransaction.requiringNew().call(() -> store(number, deviceId, keys));
        } finally {
            cache.invalidate(number);
        }
    }

    private Stored store(String number, String deviceId, Keys keys) {
        Optional<PushSubscription> existing = repository.byDevice(deviceId);
        if (existing.isPresent() && !existing.get().number.equals(number)) {
            throw new SecurityException("Device " + deviceId + " belongs to another number");
        }
        PushSubscription subscription = existing.orElseGet(PushSubscription::new);
        if (existing.isEmpty() && repository.countForNumber(number) >= config.devicesPerNumber()) {
            throw new IllegalStateException("A number keeps at most " + config.devicesPerNumber() + " devices");
        }
        subscription.number = number;
        subscription.deviceId = deviceId;
        subscription.endpoint = keys.endpoint();
        subscription.p256dh = keys.p256dh();
        subscription.auth = keys.auth();
        repository.persist(subscription);
        LOG.infof("%s push subscription of %s device %s", existing.isPresent() ? "Updated" : "Stored", number, deviceId);
        return existing.isPresent() ? Stored.UPDATED : Stored.CREATED;
    }

    /**
     * The legacy rule: create a subscription for a number that has none, never replace one.
     *
     * @return false when the number already has a subscription
     */
    public boolean createIfNone(String number, String deviceId, Keys given) {
        Keys keys = validate(given);
        try {
            return QuarkusTransaction.requiringNew().call(() -> createFirst(number, deviceId, keys));
        } finally {
            cache.invalidate(number);
        }
    }

    private boolean createFirst(String number, String deviceId, Keys keys) {
        if (repository.countForNumber(number) > 0) {
            return false;
        }
        PushSubscription subscription = new PushSubscription();
        subscription.number = number;
        subscription.deviceId = deviceId;
        subscription.endpoint = keys.endpoint();
        subscription.p256dh = keys.p256dh();
        subscription.auth = keys.auth();
        repository.persist(subscription);
        LOG.infof("Stored a legacy push subscription for %s", number);
        return true;
    }

    /** @return false when there was none; @throws SecurityException when it belongs to another number */
    public boolean delete(String number, String deviceId) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> remove(number, deviceId));
        } finally {
            // The device's own number is the only one whose list can change: the ownership check came first.
            cache.invalidate(number);
        }
    }

    private boolean remove(String number, String deviceId) {
        Optional<PushSubscription> existing = repository.byDevice(deviceId);
        if (existing.isEmpty()) {
            return false;
        }
        if (!existing.get().number.equals(number)) {
            throw new SecurityException("Device " + deviceId + " belongs to another number");
        }
        repository.delete(existing.get());
        return true;
    }

    /** A number's devices from the cache, and whether they are due to be read again ({@link #reload}). */
    public record Known(List<DeviceSubscription> devices, boolean refreshDue) {
    }

    /** The number's devices when the cache knows them, else null (then {@link #reload}). Never blocks. */
    public Known cached(String number) {
        SubscriptionCache.Cached cached = cache.get(number);
        return cached == null ? null : new Known(cached.devices(), cached.refreshDue());
    }

    /** The number's devices, from the cache or the database. Blocking. */
    public List<DeviceSubscription> forNumber(String number) {
        SubscriptionCache.Cached cached = cache.get(number);
        return cached != null ? cached.devices() : reload(number);
    }

    /** Reads the number's devices from the database and caches them. Blocking. */
    public List<DeviceSubscription> reload(String number) {
        SubscriptionCache.Load load = cache.beginLoad(number);
        List<DeviceSubscription> devices = reader.forNumber(number);
        cache.complete(load, devices);
        return devices;
    }

    /** A push service said the subscription is gone (404/410): forget it. Blocking. */
    public void forget(DeviceSubscription subscription) {
        try {
            QuarkusTransaction.requiringNew().run(() -> repository.deleteById(subscription.id()));
        } finally {
            cache.invalidate(subscription.number());
        }
    }

    /** Records a successful push (for operators). Blocking. */
    public void delivered(long id) {
        QuarkusTransaction.requiringNew().run(() -> repository.findByIdOptional(id)
                .ifPresent(s -> s.lastSuccessAt = java.time.Instant.now()));
    }

    /** Checks a subscription and returns it with its keys in unpadded base64url. */
    private Keys validate(Keys keys) {
        endpoints.check(keys.endpoint());
        byte[] p256dh = decode(keys.p256dh(), "keys.p256dh");
        P256.publicKey(p256dh);
        byte[] auth = decode(keys.auth(), "keys.auth");
        if (auth.length != 16) {
            throw new IllegalArgumentException("keys.auth must be 16 bytes (base64url)");
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return new Keys(keys.endpoint(), b64.encodeToString(p256dh), b64.encodeToString(auth));
    }

    private static byte[] decode(String value, String name) {
        if (value == null || value.length() > 200) {
            throw new IllegalArgumentException(name + " is missing or too long");
        }
        try {
            return Base64.getUrlDecoder().decode(value.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not base64url");
        }
    }
}
