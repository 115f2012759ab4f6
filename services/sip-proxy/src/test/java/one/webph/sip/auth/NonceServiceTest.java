package one.webph.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class NonceServiceTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    @Test
    void aNonceCountsUpAndARepeatedCountIsAReplay() {
        NonceService nonces = new NonceService(Duration.ofMinutes(5), 1000, clock::get);
        String nonce = nonces.issue();
        assertEquals(NonceService.Check.VALID, nonces.check(nonce, 1));
        assertEquals(NonceService.Check.VALID, nonces.check(nonce, 2));
        assertEquals(NonceService.Check.REPLAYED, nonces.check(nonce, 2));
        assertEquals(NonceService.Check.REPLAYED, nonces.check(nonce, 1));
    }

    @Test
    void noncesIssuedFromManyThreadsAtTheSameMillisecondAreAllDifferentAndValid() throws Exception {
        NonceService nonces = new NonceService(Duration.ofMinutes(5), 100_000, clock::get);
        java.util.Set<String> issued = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5000; i++) {
                    issued.add(nonces.issue());
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(20_000, issued.size());
        for (String nonce : issued) {
            assertEquals(NonceService.Check.VALID, nonces.check(nonce, 1));
        }
    }

    @Test
    void anExpiredNonceIsStaleAndAForgedOneInvalid() {
        NonceService nonces = new NonceService(Duration.ofMinutes(5), 1000, clock::get);
        String nonce = nonces.issue();
        clock.addAndGet(Duration.ofMinutes(5).toMillis() + 1);
        assertEquals(NonceService.Check.STALE, nonces.check(nonce, 1));
        assertEquals(NonceService.Check.INVALID, nonces.check(new NonceService(Duration.ofMinutes(5), 1000, clock::get).issue(), 1));
    }

    @Test
    void aNonceOlderThanTheLastCapacityIssuedIsStaleNotTrustedAgain() {
        NonceService nonces = new NonceService(Duration.ofMinutes(5), 100, clock::get);
        String old = nonces.issue();
        assertEquals(NonceService.Check.VALID, nonces.check(old, 1));
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            later.add(nonces.issue());
        }
        assertEquals(NonceService.Check.VALID, nonces.check(old, 2), "still among the last 100 issued");

        String newest = nonces.issue();
        assertEquals(NonceService.Check.STALE, nonces.check(old, 3), "forgotten: a replay could not be told from a first use");
        assertEquals(NonceService.Check.STALE, nonces.check(old, 1));
        assertEquals(NonceService.Check.VALID, nonces.check(newest, 1), "the newest took the oldest's place");
        assertEquals(NonceService.Check.REPLAYED, nonces.check(newest, 1));
        for (String nonce : later) {
            assertEquals(NonceService.Check.VALID, nonces.check(nonce, 1));
            assertEquals(NonceService.Check.REPLAYED, nonces.check(nonce, 1));
        }
    }

    @Test
    void aNonceUsedFromManyThreadsAtOnceIsAcceptedOncePerCount() throws Exception {
        NonceService nonces = new NonceService(Duration.ofMinutes(5), 1000, clock::get);
        String nonce = nonces.issue();
        java.util.Queue<Integer> accepted = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int count = 1; count <= 5000; count++) {
                    if (nonces.check(nonce, count) == NonceService.Check.VALID) {
                        accepted.add(count);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(accepted.size(), new java.util.HashSet<>(accepted).size(), "no count was accepted twice");
        assertTrue(accepted.contains(5000));
        assertEquals(NonceService.Check.REPLAYED, nonces.check(nonce, 5000), "the highest count was kept");
        assertEquals(NonceService.Check.VALID, nonces.check(nonce, 5001));
    }
}
