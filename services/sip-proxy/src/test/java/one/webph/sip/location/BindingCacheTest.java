package one.webph.sip.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class BindingCacheTest {

    private static final String DOMAIN = "cache.webphone";
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void aNumberNeverSeenIsNotCached() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        assertNull(cache.live("100", DOMAIN, NOW));
        assertFalse(cache.contains("100", DOMAIN));
    }

    @Test
    void aCommitReplacesWhatWasThere() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        cache.readBack("100", DOMAIN, List.of(binding("sip:b@192.0.2.2", "192.0.2.2:5060", 600)));
        assertEquals(List.of("sip:b@192.0.2.2"), contacts(cache.live("100", DOMAIN, NOW)));
    }

    @Test
    void aReadFromTheDatabaseNeverOverwritesACommit() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        cache.readBack("100", DOMAIN, List.of());
        cache.read("100", DOMAIN, List.of(binding("sip:old@192.0.2.1", "192.0.2.1:5060", 600)));
        assertEquals(List.of(), cache.live("100", DOMAIN, NOW), "the commit (unregistered) is newer than the read");
    }

    @Test
    void aReadFillsAnEmptyPlace() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        cache.read("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        assertEquals(List.of("sip:a@192.0.2.1"), contacts(cache.live("100", DOMAIN, NOW)));
    }

    @Test
    void expiredBindingsAreNotLive() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 60),
                binding("sip:b@192.0.2.2", "192.0.2.2:5060", 600)));
        assertEquals(List.of("sip:b@192.0.2.2"), contacts(cache.live("100", DOMAIN, NOW.plusSeconds(120))));
    }

    @Test
    void aClosedConnectionTakesItsBindingsAlong() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600),
                binding("sip:b@192.0.2.2", "192.0.2.2:5060", 600)));
        cache.flowClosed("UDP", "192.0.2.1:5060");
        assertEquals(List.of("sip:b@192.0.2.2"), contacts(cache.live("100", DOMAIN, NOW)));
    }

    @Test
    void numbersWhoseBindingsAllExpiredAreForgottenButKnownEmptyOnesStay() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 60)));
        cache.readBack("200", DOMAIN, List.of());
        cache.dropExpired(NOW.plusSeconds(120));
        assertFalse(cache.contains("100", DOMAIN));
        assertTrue(cache.contains("200", DOMAIN));
    }

    @Test
    void aFullCacheSendsNewNumbersToTheDatabaseButKeepsFollowingItsOwn() {
        BindingCache cache = new BindingCache(1, Duration.ZERO);
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        cache.read("200", DOMAIN, List.of());
        cache.readBack("300", DOMAIN, List.of());
        assertFalse(cache.contains("200", DOMAIN));
        assertFalse(cache.contains("300", DOMAIN));
        cache.readBack("100", DOMAIN, List.of());
        assertEquals(List.of(), cache.live("100", DOMAIN, NOW));
    }

    @Test
    void aKnownNumberIsUpdatedAtOnce() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        List<Binding> after = cache.update("100", DOMAIN, List.of(new BindingChange.Save(binding("sip:b@192.0.2.2", "192.0.2.2:5060", 600)),
                new BindingChange.Remove("sip:a@192.0.2.1")), NOW).live();
        assertEquals(List.of("sip:b@192.0.2.2"), contacts(after));
        assertEquals(List.of("sip:b@192.0.2.2"), contacts(cache.live("100", DOMAIN, NOW)));
    }

    @Test
    void aRefreshIsTakenInPlaceWithoutReplacingTheNumbersEntry() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        Object entry = cache.entry("100", DOMAIN);
        Binding refresh = new Binding("sip:a@192.0.2.1", "", 0, "192.0.2.1:5060", "UDP", NOW.plusSeconds(3600), "", "", "",
                "another-call-id", 7, "test", "");
        List<Binding> after = cache.update("100", DOMAIN, List.of(new BindingChange.Save(refresh)), NOW).live();
        assertEquals(List.of(refresh), after);
        assertEquals(List.of(refresh), cache.live("100", DOMAIN, NOW));
        assertEquals(List.of(refresh), cache.live("100", DOMAIN, NOW.plusSeconds(1800)), "the new expiry counts");
        assertSame(entry, cache.entry("100", DOMAIN), "a refresh stores nothing new in the cache's map");
    }

    @Test
    void aBindingThatChangesMoreThanItsRefreshIsReplaced() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        Object entry = cache.entry("100", DOMAIN);
        Binding moved = new Binding("sip:a@192.0.2.1", "", 0, "198.51.100.7:6000", "UDP", NOW.plusSeconds(600), "", "", "", "call-id", 2,
                "test", "");
        assertEquals(List.of(moved), cache.update("100", DOMAIN, List.of(new BindingChange.Save(moved)), NOW).live());
        assertEquals(List.of(moved), cache.live("100", DOMAIN, NOW));
        assertNotSame(entry, cache.entry("100", DOMAIN));
        cache.flowClosed("UDP", "198.51.100.7:6000");
        assertEquals(List.of(), cache.live("100", DOMAIN, NOW), "the binding is known by where it came from now");
    }

    @Test
    void aRegisterOlderThanItsBindingChangesNothing() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        Binding held = new Binding("sip:a@192.0.2.1", "", 0, "192.0.2.1:5060", "UDP", NOW.plusSeconds(600), "", "", "", "call-id", 8, "test", "");
        cache.readBack("100", DOMAIN, List.of(held));
        Object entry = cache.entry("100", DOMAIN);
        List<BindingChange> delayed = List.of(new BindingChange.Remove("sip:a@192.0.2.1", "call-id", 7),
                new BindingChange.Save(binding("sip:b@192.0.2.2", "192.0.2.2:5060", 600)));
        assertThrows(OutOfOrderRegistration.class, () -> cache.update("100", DOMAIN, delayed, NOW));
        assertEquals(List.of(held), cache.live("100", DOMAIN, NOW));
        assertSame(entry, cache.entry("100", DOMAIN));
    }

    @Test
    void aNumberWaitsUntilEveryReadBackOfItHasComeBack() {
        BindingCache cache = new BindingCache(10, Duration.ZERO);
        List<BindingChange> save = List.of(new BindingChange.Save(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        assertNull(cache.update("100", DOMAIN, save, NOW), "not known: committed and read back");
        assertNull(cache.update("100", DOMAIN, save, NOW), "still not known");
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        // Known now, but the second read-back would overwrite an update made in memory before it.
        assertNull(cache.update("100", DOMAIN, save, NOW));
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        cache.readBack("100", DOMAIN, null); // That one failed: nothing changes, nothing waits any more.
        assertEquals(List.of("sip:a@192.0.2.1"), contacts(cache.update("100", DOMAIN, List.of(), NOW).live()));
    }

    @Test
    void aCapacityOfZeroCachesNothing() {
        BindingCache cache = new BindingCache(0, Duration.ZERO);
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        cache.read("100", DOMAIN, List.of());
        assertEquals(0, cache.size());
    }

    @Test
    void aRefreshWithinTheSlackIsKeptInMemoryOnly() {
        BindingCache cache = holdingNumber100(Duration.ofSeconds(30));
        BindingChange soon = new BindingChange.Save(refresh("sip:a@192.0.2.1", 610, 2));
        BindingCache.Update update = cache.update("100", DOMAIN, List.of(soon), NOW);
        assertEquals(List.of(), update.toWrite(), "10 s past the written expiry: nothing to write");
        assertEquals(NOW.plusSeconds(610), update.live().get(0).expires(), "memory has the new expiry");

        BindingChange later = new BindingChange.Save(refresh("sip:a@192.0.2.1", 630, 3));
        assertEquals(List.of(later), cache.update("100", DOMAIN, List.of(later), NOW).toWrite(), "30 s past it: written");
        BindingChange after = new BindingChange.Save(refresh("sip:a@192.0.2.1", 644, 4));
        assertEquals(List.of(), cache.update("100", DOMAIN, List.of(after), NOW).toWrite(), "14 s past the new written one");
    }

    @Test
    void bindingsWrittenTogetherComeDueSpreadOverHalfTheSlack() {
        BindingCache cache = new BindingCache(1000, Duration.ofSeconds(30));
        int numbers = 200;
        for (int n = 0; n < numbers; n++) {
            cache.readBack("n" + n, DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        }
        int[] writtenAt = new int[31];
        for (int second = 1; second <= 30; second++) {
            for (int n = 0; n < numbers; n++) {
                BindingChange refreshed = new BindingChange.Save(refresh("sip:a@192.0.2.1", 600 + second, second + 1));
                writtenAt[second] += cache.update("n" + n, DOMAIN, List.of(refreshed), NOW).toWrite().size();
            }
        }
        int byHalf = 0;
        for (int second = 1; second <= 15; second++) {
            assertEquals(0, writtenAt[second], "nothing within half the slack (" + second + " s)");
        }
        for (int second = 16; second <= 22; second++) {
            byHalf += writtenAt[second];
        }
        assertEquals(numbers, java.util.Arrays.stream(writtenAt).sum(), "each once within the slack");
        assertTrue(byHalf > 0 && byHalf < numbers, "spread, not all at one second: " + java.util.Arrays.toString(writtenAt));
    }

    @Test
    void onlyTheRefreshOfARegisterIsLeftUnwritten() {
        BindingCache cache = holdingNumber100(Duration.ofSeconds(30));
        BindingChange refreshed = new BindingChange.Save(refresh("sip:a@192.0.2.1", 605, 2));
        BindingChange added = new BindingChange.Save(binding("sip:b@192.0.2.2", "192.0.2.2:5060", 600));
        BindingChange shortened = new BindingChange.Save(refresh("sip:a@192.0.2.1", 300, 3));
        assertEquals(List.of(added), cache.update("100", DOMAIN, List.of(refreshed, added), NOW).toWrite());
        assertEquals(List.of(shortened), cache.update("100", DOMAIN, List.of(shortened), NOW).toWrite(),
                "an earlier expiry than the table's is written");
        BindingChange removed = new BindingChange.Remove("sip:b@192.0.2.2");
        assertEquals(List.of(removed), cache.update("100", DOMAIN, List.of(removed), NOW).toWrite());
    }

    @Test
    void withoutSlackEveryRefreshIsWritten() {
        BindingCache cache = holdingNumber100(Duration.ZERO);
        BindingChange same = new BindingChange.Save(refresh("sip:a@192.0.2.1", 600, 2));
        assertEquals(List.of(same), cache.update("100", DOMAIN, List.of(same), NOW).toWrite());
    }

    @Test
    void aFailedWriteMakesTheNextRefreshWritten() {
        BindingCache cache = holdingNumber100(Duration.ofSeconds(30));
        cache.writeFailed("100", DOMAIN);
        BindingChange soon = new BindingChange.Save(refresh("sip:a@192.0.2.1", 601, 2));
        assertEquals(List.of(soon), cache.update("100", DOMAIN, List.of(soon), NOW).toWrite());
    }

    @Test
    void aFailedWriteIsNotForgottenWhenAnotherBindingOfTheNumberIsSaved() {
        BindingCache cache = holdingNumber100(Duration.ofSeconds(30));
        cache.writeFailed("100", DOMAIN);
        cache.update("100", DOMAIN, List.of(new BindingChange.Save(binding("sip:b@192.0.2.2", "192.0.2.2:5060", 600))), NOW);
        assertEquals(List.of(new BindingChange.Save(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600))),
                cache.unwrittenRefreshes().get(new BindingCache.NumberKey("100", DOMAIN)), "a stop still writes the one that failed");
    }

    @Test
    void aStopGetsTheRefreshesNotWrittenOnce() {
        BindingCache cache = holdingNumber100(Duration.ofSeconds(30));
        cache.readBack("200", DOMAIN, List.of(binding("sip:c@192.0.2.3", "192.0.2.3:5060", 600)));
        Binding refresh = refresh("sip:a@192.0.2.1", 610, 2);
        cache.update("100", DOMAIN, List.of(new BindingChange.Save(refresh)), NOW);

        var unwritten = cache.unwrittenRefreshes();
        assertEquals(java.util.Set.of(new BindingCache.NumberKey("100", DOMAIN)), unwritten.keySet(), "number 200 is as written");
        assertEquals(List.of(new BindingChange.Save(refresh)), unwritten.get(new BindingCache.NumberKey("100", DOMAIN)));
        assertEquals(java.util.Map.of(), cache.unwrittenRefreshes(), "handed to the writer once");
    }

    /** A cache with the given slack, number 100 registered from 192.0.2.1 for 600 s (as written). */
    private static BindingCache holdingNumber100(Duration slack) {
        BindingCache cache = new BindingCache(10, slack);
        cache.readBack("100", DOMAIN, List.of(binding("sip:a@192.0.2.1", "192.0.2.1:5060", 600)));
        return cache;
    }

    /** The refresh of {@link #binding}'s binding from 192.0.2.1 with a new expiry and CSeq. */
    private static Binding refresh(String contact, int seconds, long cseq) {
        return new Binding(contact, "", 0, "192.0.2.1:5060", "UDP", NOW.plusSeconds(seconds), "", "", "", "call-id", cseq, "test", "");
    }

    private static Binding binding(String contact, String received, int seconds) {
        return new Binding(contact, "", 0, received, "UDP", NOW.plusSeconds(seconds), "", "", "", "call-id", 1, "test", "");
    }

    private static List<String> contacts(List<Binding> bindings) {
        return bindings.stream().map(Binding::contact).toList();
    }
}
