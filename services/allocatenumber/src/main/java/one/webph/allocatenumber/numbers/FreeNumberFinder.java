package one.webph.allocatenumber.numbers;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a free number in a pool without guessing blindly: the pool is cut into windows of
 * {@value #WINDOW} numbers, a window is chosen at random, the taken numbers of that window are read
 * in one indexed range query and one of its free numbers is drawn at random. When the window is
 * full, the next one is read. A pool 99% used still answers after a query or two, and a full pool
 * is known to be full after one pass.
 *
 * <p>All randomness comes from {@link SecureRandom}, so numbers cannot be predicted. Thread-safe;
 * must be called inside a transaction.
 */
@ApplicationScoped
class FreeNumberFinder {

    static final int WINDOW = 1024;

    private final SecureRandom random = new SecureRandom();
    private final SubscriberRepository subscribers;

    FreeNumberFinder(SubscriberRepository subscribers) {
        this.subscribers = subscribers;
    }

    Optional<String> find(String domain, NumberPrefix pool) {
        long size = pool.size();
        long windows = (size + WINDOW - 1) / WINDOW;
        long firstWindow = random.nextLong(windows);
        for (long i = 0; i < windows; i++) {
            long start = ((firstWindow + i) % windows) * WINDOW;
            long end = Math.min(start + WINDOW, size);
            Optional<String> free = freeIn(domain, pool, start, end);
            if (free.isPresent()) {
                return free;
            }
        }
        return Optional.empty();
    }

    private Optional<String> freeIn(String domain, NumberPrefix pool, long start, long end) {
        Set<String> taken = subscribers.takenBetween(domain, pool.number(start), pool.number(end - 1));
        long free = (end - start) - taken.size();
        if (free <= 0) {
            return Optional.empty();
        }
        // Draw the k-th free number of the window, k uniform: every free number is equally likely.
        long k = random.nextLong(free);
        for (long n = start; n < end; n++) {
            String candidate = pool.number(n);
            if (!taken.contains(candidate) && k-- == 0) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
