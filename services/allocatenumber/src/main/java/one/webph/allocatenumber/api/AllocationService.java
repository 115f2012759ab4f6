package one.webph.allocatenumber.api;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import one.webph.allocatenumber.abuse.AllocationRateLimiter;
import one.webph.allocatenumber.numbers.AllocatedNumber;
import one.webph.allocatenumber.numbers.FreeNumbers;
import one.webph.allocatenumber.numbers.NumberAllocator;
import one.webph.allocatenumber.numbers.PoolExhaustedException;
import one.webph.allocatenumber.numbers.UnknownPrefixException;

/**
 * One allocation as both the current and the legacy API perform it: the rate limit, the
 * allocation, the metrics and the operator's log line. Refusals come out as {@link ApiException}.
 */
@ApplicationScoped
class AllocationService {

    private static final Logger LOG = Logger.getLogger(AllocationService.class);

    private final AllocationRateLimiter limiter;
    private final NumberAllocator allocator;
    private final FreeNumbers freeNumbers;
    private final MeterRegistry metrics;

    AllocationService(AllocationRateLimiter limiter, NumberAllocator allocator, FreeNumbers freeNumbers, MeterRegistry metrics) {
        this.limiter = limiter;
        this.allocator = allocator;
        this.freeNumbers = freeNumbers;
        this.metrics = metrics;
    }

    /**
     * @param client the client address, or null for a peer with an allocation API key
     * @param who how the log names the requester
     */
    AllocatedNumber allocate(String prefix, String emailAddress, String client, String who) {
        AllocationRateLimiter.Decision decision = limiter.acquire(client);
        if (!decision.allowed()) {
            String reason = decision.reason() == AllocationRateLimiter.Reason.PER_ADDRESS ? "rate_limited" : "global_ceiling";
            refused(reason);
            throw new ApiException(429, reason, decision.reason() == AllocationRateLimiter.Reason.PER_ADDRESS
                    ? "Too many numbers requested from this address; try again later"
                    : "The server is handing out too many numbers right now; try again later", decision.retryAfter());
        }
        try {
            AllocatedNumber number = allocator.allocate(prefix, emailAddress);
            metrics.counter("allocatenumber.allocations", "prefix", number.prefix()).increment();
            freeNumbers.taken(number.prefix());
            LOG.infof("Allocated number %s to %s", number.number(), who);
            return number;
        } catch (UnknownPrefixException e) {
            limiter.release(client);
            refused("unknown_prefix");
            throw new ApiException(400, "unknown_prefix", e.getMessage());
        } catch (PoolExhaustedException e) {
            limiter.release(client);
            refused("pool_exhausted");
            LOG.warnf("Refused an allocation for %s: %s", who, e.getMessage());
            throw new ApiException(503, "pool_exhausted", e.getMessage());
        }
    }

    void refused(String reason) {
        metrics.counter("allocatenumber.refusals", "reason", reason).increment();
    }
}
