package one.webph.allocatenumber.abuse;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import one.webph.allocatenumber.config.AllocateConfig;

/**
 * Sliding-window limits on allocations: so many per client address and so many in total per
 * window. Each address keeps at most its limit of timestamps, and idle addresses are forgotten,
 * so memory stays bounded under a flood from many addresses. Thread-safe.
 */
@ApplicationScoped
public class AllocationRateLimiter {

    private static final Logger LOG = Logger.getLogger(AllocationRateLimiter.class);
    private static final int SWEEP_EVERY = 1024;

    private final int perAddress;
    private final int global;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Long>> byAddress = new ConcurrentHashMap<>();
    private final Deque<Long> all = new ArrayDeque<>();
    private int callsSinceSweep;

    @Inject
    AllocationRateLimiter(AllocateConfig config) {
        this(config.rate().perAddress(), config.rate().global(), config.rate().window(), Clock.systemUTC());
    }

    AllocationRateLimiter(int perAddress, int global, Duration window, Clock clock) {
        this.perAddress = perAddress;
        this.global = global;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Takes one allocation for the address, or refuses it. {@code address} null means a trusted peer
     * (API key): it is held only to the global ceiling.
     */
    public synchronized Decision acquire(String address) {
        long now = clock.millis();
        long horizon = now - window.toMillis();
        sweepNowAndThen(horizon);
        dropOlderThan(all, horizon);
        if (all.size() >= global) {
            LOG.warnf("Global allocation ceiling of %d per %s reached; refusing allocations for now", global, window);
            return Decision.refused(Reason.GLOBAL_CEILING, retryAfter(all, now));
        }
        if (address != null) {
            Deque<Long> mine = byAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
            dropOlderThan(mine, horizon);
            if (mine.size() >= perAddress) {
                if (mine.size() == perAddress) {
                    LOG.infof("Client %s reached %d allocations per %s; refusing until the window moves", address, perAddress, window);
                }
                return Decision.refused(Reason.PER_ADDRESS, retryAfter(mine, now));
            }
            mine.addLast(now);
        }
        all.addLast(now);
        return Decision.ALLOWED;
    }

    /** Gives back an allocation that did not happen (e.g. the pool was full). */
    public synchronized void release(String address) {
        all.pollLast();
        if (address != null) {
            Deque<Long> mine = byAddress.get(address);
            if (mine != null) {
                mine.pollLast();
            }
        }
    }

    private Duration retryAfter(Deque<Long> stamps, long now) {
        long oldest = stamps.isEmpty() ? now : stamps.peekFirst();
        long waitMillis = Math.max(1000, oldest + window.toMillis() - now);
        return Duration.ofMillis(waitMillis);
    }

    private void sweepNowAndThen(long horizon) {
        if (++callsSinceSweep < SWEEP_EVERY) {
            return;
        }
        callsSinceSweep = 0;
        byAddress.values().removeIf(stamps -> {
            dropOlderThan(stamps, horizon);
            return stamps.isEmpty();
        });
    }

    private static void dropOlderThan(Deque<Long> stamps, long horizon) {
        while (!stamps.isEmpty() && stamps.peekFirst() <= horizon) {
            stamps.pollFirst();
        }
    }

    /** Why an allocation was refused. */
    public enum Reason { PER_ADDRESS, GLOBAL_CEILING }

    /** The outcome of {@link #acquire}. */
    public record Decision(boolean allowed, Reason reason, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, null, Duration.ZERO);

        static Decision refused(Reason reason, Duration retryAfter) {
            return new Decision(false, reason, retryAfter);
        }
    }
}
