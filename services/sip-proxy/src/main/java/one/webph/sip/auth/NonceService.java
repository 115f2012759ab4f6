package one.webph.sip.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jboss.logging.Logger;

import one.webph.sip.config.SipConfig;

/**
 * Digest nonces (RFC 7616 §3.3): each carries its expiry and an HMAC, so any nonce we did not make,
 * or that expired, is refused without state. Replays are refused by remembering, per live nonce,
 * the highest nonce-count seen: a request must count up (RFC 7616 §3.4.2). The memory is bounded:
 * when it is full the nonces closest to expiry are forgotten, and from then on those are answered
 * stale (the client asks again with a fresh one) rather than trusted again. Thread-safe.
 */
@ApplicationScoped
public class NonceService {

    private static final Logger LOG = Logger.getLogger(NonceService.class);
    private static final long BUCKET_MILLIS = 10_000;

    /** What a nonce check found. */
    public enum Check { VALID, STALE, INVALID, REPLAYED }

    private final byte[] key = new byte[32];
    private final long lifetimeMillis;
    private final int capacity;
    private final LongSupplier clock;
    /**
     * Makes each nonce unique. It need not be unpredictable (the HMAC is what cannot be forged),
     * and a counter costs nothing where a SecureRandom draw takes a lock every thread shares.
     */
    private final AtomicLong serial;
    private final ThreadLocal<Mac> hmac = ThreadLocal.withInitial(this::newMac);
    /** Highest nonce-count per nonce, grouped by when the nonces expire (10 s buckets), oldest first. */
    private final ConcurrentSkipListMap<Long, Map<String, Long>> counts = new ConcurrentSkipListMap<>();
    private final AtomicInteger remembered = new AtomicInteger();
    /** Nonces expiring up to here may have been forgotten: unless remembered, they are stale. */
    private volatile long forgottenUpTo;
    private volatile long lastFullWarning;

    @Inject
    NonceService(SipConfig config) {
        this(config.registrar().nonceLifetime(), config.registrar().nonceReplayMemory(), System::currentTimeMillis);
    }

    NonceService(Duration lifetime, int capacity, LongSupplier clock) {
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        this.serial = new AtomicLong(random.nextLong());
        this.lifetimeMillis = lifetime.toMillis();
        this.capacity = capacity;
        this.clock = clock;
    }

    public String issue() {
        long expiry = clock.getAsLong() + lifetimeMillis;
        byte[] salt = ByteBuffer.allocate(8).putLong(serial.getAndIncrement()).array();
        ByteBuffer nonce = ByteBuffer.allocate(8 + 8 + 16).putLong(expiry).put(salt).put(mac(expiry, salt));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce.array());
    }

    /** @param count the nonce-count (nc), or -1 for a client that sends none (RFC 2069 style) */
    public Check check(String nonce, long count) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
        if (bytes.length != 32) {
            return Check.INVALID;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long expiry = buffer.getLong();
        byte[] salt = new byte[8];
        buffer.get(salt);
        byte[] mac = new byte[16];
        buffer.get(mac);
        if (!MessageDigest.isEqual(mac, mac(expiry, salt))) {
            return Check.INVALID;
        }
        long now = clock.getAsLong();
        if (expiry < now) {
            return Check.STALE;
        }
        forgetExpired(now);
        long bucket = expiry / BUCKET_MILLIS;
        Map<String, Long> seen = counts.get(bucket);
        if (seen == null) {
            if (expiry <= forgottenUpTo) {
                return Check.STALE;
            }
            seen = counts.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>());
        }
        long effective = count < 0 ? 1 : count;
        Long previous = seen.putIfAbsent(nonce, effective);
        if (previous == null) {
            if (remembered.incrementAndGet() > capacity) {
                forgetOldest(now);
            }
            return Check.VALID;
        }
        if (effective > previous && seen.replace(nonce, previous, effective)) {
            return Check.VALID;
        }
        return Check.REPLAYED;
    }

    /** Live nonces whose counts are remembered. */
    int remembered() {
        return remembered.get();
    }

    private void forgetExpired(long now) {
        Map.Entry<Long, Map<String, Long>> oldest = counts.firstEntry();
        while (oldest != null && (oldest.getKey() + 1) * BUCKET_MILLIS <= now) {
            if (counts.remove(oldest.getKey(), oldest.getValue())) {
                remembered.addAndGet(-oldest.getValue().size());
            }
            oldest = counts.firstEntry();
        }
    }

    private void forgetOldest(long now) {
        while (remembered.get() > capacity) {
            Map.Entry<Long, Map<String, Long>> oldest = counts.pollFirstEntry();
            if (oldest == null) {
                return;
            }
            forgottenUpTo = Math.max(forgottenUpTo, (oldest.getKey() + 1) * BUCKET_MILLIS - 1);
            remembered.addAndGet(-oldest.getValue().size());
        }
        if (now - lastFullWarning > 60_000) {
            lastFullWarning = now;
            LOG.warnf("More than %d digest nonces in use: the oldest are now answered stale, so their clients ask for new ones"
                    + " (SIP_NONCE_REPLAY_MEMORY sets the number)", capacity);
        }
    }

    private byte[] mac(long expiry, byte[] salt) {
        Mac mac = hmac.get();
        mac.update(ByteBuffer.allocate(8).putLong(expiry).array());
        byte[] full = mac.doFinal(salt);
        byte[] out = new byte[16];
        System.arraycopy(full, 0, out, 0, 16);
        return out;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
