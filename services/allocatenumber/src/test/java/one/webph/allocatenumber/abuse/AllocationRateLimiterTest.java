package one.webph.allocatenumber.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AllocationRateLimiterTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    @DisplayName("an address gets its limit per window, then a refusal with the wait until the window moves")
    void perAddressLimitThenRetryAfter() {
        ManualClock clock = new ManualClock();
        AllocationRateLimiter limiter = new AllocationRateLimiter(3, 100, Duration.ofMinutes(10), clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.acquire("192.0.2.1").allowed());
            clock.now = clock.now.plusSeconds(60);
        }
        AllocationRateLimiter.Decision refused = limiter.acquire("192.0.2.1");
        assertFalse(refused.allowed());
        assertEquals(AllocationRateLimiter.Reason.PER_ADDRESS, refused.reason());
        assertEquals(Duration.ofMinutes(7), refused.retryAfter(), "the oldest stamp leaves the window in 7 minutes");
        assertTrue(limiter.acquire("192.0.2.2").allowed(), "other addresses are not affected");

        clock.now = clock.now.plus(Duration.ofMinutes(7));
        assertTrue(limiter.acquire("192.0.2.1").allowed(), "allowed again once the window moved");
    }

    @Test
    @DisplayName("the global ceiling holds for every address and for peers")
    void globalCeiling() {
        AllocationRateLimiter limiter = new AllocationRateLimiter(10, 2, Duration.ofHours(1), new ManualClock());
        assertTrue(limiter.acquire("192.0.2.1").allowed());
        assertTrue(limiter.acquire(null).allowed());
        AllocationRateLimiter.Decision refused = limiter.acquire("192.0.2.3");
        assertFalse(refused.allowed());
        assertEquals(AllocationRateLimiter.Reason.GLOBAL_CEILING, refused.reason());
    }

    @Test
    @DisplayName("a released allocation gives its place back")
    void releaseGivesPlaceBack() {
        AllocationRateLimiter limiter = new AllocationRateLimiter(1, 100, Duration.ofHours(1), new ManualClock());
        assertTrue(limiter.acquire("192.0.2.1").allowed());
        limiter.release("192.0.2.1");
        assertTrue(limiter.acquire("192.0.2.1").allowed());
    }
}
