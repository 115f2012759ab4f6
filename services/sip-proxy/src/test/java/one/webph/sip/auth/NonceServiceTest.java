package one.webph.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void whenTheMemoryIsFullTheOldestNoncesAreStaleNotTrustedAgain() {
        NonceService nonces = new NonceService(Duration.ofMinutes(5), 100, clock::get);
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String nonce = nonces.issue();
            old.add(nonce);
            assertEquals(NonceService.Check.VALID, nonces.check(nonce, 1));
        }
        clock.addAndGet(20_000); // Later nonces expire in a later bucket.
        String fresh = nonces.issue();
        assertEquals(NonceService.Check.VALID, nonces.check(fresh, 1));

        assertEquals(1, nonces.remembered(), "the oldest were forgotten to make room");
        for (String nonce : old) {
            assertEquals(NonceService.Check.STALE, nonces.check(nonce, 1), "a forgotten nonce cannot be replayed");
        }
        assertEquals(NonceService.Check.REPLAYED, nonces.check(fresh, 1));
        assertEquals(NonceService.Check.VALID, nonces.check(fresh, 2));
    }

    @Test
    void expiredNoncesAreForgottenAsTimePasses() {
        NonceService nonces = new NonceService(Duration.ofMinutes(1), 1000, clock::get);
        for (int i = 0; i < 50; i++) {
            nonces.check(nonces.issue(), 1);
        }
        clock.addAndGet(Duration.ofMinutes(1).toMillis() + 10_001);
        nonces.check(nonces.issue(), 1);
        assertEquals(1, nonces.remembered());
    }
}
