package one.webph.sip.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jboss.logging.Logger;

import one.webph.sip.config.SipConfig;

/**
 * Digest nonces (RFC 7616 §3.3): each carries its expiry, a serial number and an HMAC, so any
 * nonce we did not make, or that expired, is refused without state. Replays are refused by
 * remembering, per nonce, the highest nonce-count seen: a request must count up (RFC 7616 §3.4.2).
 * That memory is one fixed array indexed by serial number, holding the last {@code capacity}
 * nonces issued: no object per nonce, so hundreds of thousands of live nonces cost the collector
 * nothing (as maps of strings they were a fifth of the live heap under REGISTER load). A nonce
 * older than that is answered stale (the client asks again with a fresh one), never trusted
 * again. Thread-safe.
 */
@ApplicationScoped
public class NonceService {

    private static final Logger LOG = Logger.getLogger(NonceService.class);
    /** A slot packs the round of the serial that holds it (high half; 0 = never used) and its count (low half). */
    private static final int COUNT_BITS = 32;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    /** What a nonce check found. */
    public enum Check { VALID, STALE, INVALID, REPLAYED }

    private final byte[] key = new byte[32];
    private final long lifetimeMillis;
    private final int capacity;
    private final LongSupplier clock;
    /**
     * Makes each nonce unique and names its slot. It need not be unpredictable (the HMAC is what
     * cannot be forged), and a counter costs nothing where a SecureRandom draw takes a lock every
     * thread shares.
     */
    private final AtomicLong serial;
    private final long firstSerial;
    private final AtomicLongArray slots;
    private final ThreadLocal<Mac> hmac = ThreadLocal.withInitial(this::newMac);
    private volatile long lastFullWarning = Long.MIN_VALUE / 2;

    @Inject
    NonceService(SipConfig config) {
        this(config.registrar().nonceLifetime(), config.registrar().nonceReplayMemory(), System::currentTimeMillis);
    }

    NonceService(Duration lifetime, int capacity, LongSupplier clock) {
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        this.firstSerial = random.nextLong();
        this.serial = new AtomicLong(firstSerial);
        this.lifetimeMillis = lifetime.toMillis();
        this.capacity = capacity;
        this.slots = new AtomicLongArray(capacity);
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
        if (expiry < clock.getAsLong()) {
            return Check.STALE;
        }
        // Serial numbers count up from a random start; the difference is the issue order, and
        // wraps around correctly.
        long index = ByteBuffer.wrap(salt).getLong() - firstSerial;
        long issued = serial.get() - firstSerial;
        if (index < 0 || index >= issued) {
            return Check.INVALID;
        }
        if (issued - index > capacity) {
            warnForgotten();
            return Check.STALE;
        }
        int slot = (int) (index % capacity);
        long round = index / capacity + 1;
        long effective = Math.min(count < 0 ? 1 : count, COUNT_MASK);
        while (true) {
            long held = slots.get(slot);
            long heldRound = held >>> COUNT_BITS;
            if (heldRound > round) {
                warnForgotten();
                return Check.STALE;
            }
            if (heldRound == round && effective <= (held & COUNT_MASK)) {
                return Check.REPLAYED;
            }
            if (slots.compareAndSet(slot, held, round << COUNT_BITS | effective)) {
                return Check.VALID;
            }
        }
    }

    private void warnForgotten() {
        long now = clock.getAsLong();
        if (now - lastFullWarning > 60_000) {
            lastFullWarning = now;
            LOG.warnf("A digest nonce older than the last %d issued was answered stale (its client asks for a new one):"
                    + " nonces are issued faster than SIP_NONCE_REPLAY_MEMORY remembers them", capacity);
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
