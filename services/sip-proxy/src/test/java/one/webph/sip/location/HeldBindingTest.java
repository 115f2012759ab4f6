package one.webph.sip.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class HeldBindingTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void aRefreshChangesOnlyCallIdCSeqAndExpiry() {
        HeldBinding held = new HeldBinding(binding("192.0.2.1:5060", "ua/1", "call-1", 1, 600));
        Binding refresh = binding("192.0.2.1:5060", "ua/1", "call-2", 2, 3600);
        assertTrue(held.refreshedBy(refresh));
        assertEquals(refresh, held.binding());
        assertTrue(held.expiresAfter(NOW.plusSeconds(3599)));
        assertFalse(held.expiresAfter(NOW.plusSeconds(3600)));
    }

    @Test
    void callIdsOfAnyLengthFollowEachOther() {
        HeldBinding held = new HeldBinding(binding("192.0.2.1:5060", "ua/1", "c", 1, 600));
        String[] callIds = {"a-much-longer-call-id-than-the-first@192.0.2.1", "short", "", "é-and-ü-are-not-ascii@host", "c"};
        for (int i = 0; i < callIds.length; i++) {
            Binding refresh = binding("192.0.2.1:5060", "ua/1", callIds[i], i + 2, 600);
            assertTrue(held.refreshedBy(refresh));
            assertEquals(callIds[i], held.binding().callId());
            assertEquals(i + 2, held.binding().cseq());
        }
    }

    @Test
    void anythingElseThatChangesIsNoRefreshAndChangesNothing() {
        Binding original = binding("192.0.2.1:5060", "ua/1", "call-1", 1, 600);
        HeldBinding held = new HeldBinding(original);
        assertFalse(held.refreshedBy(binding("192.0.2.9:5060", "ua/1", "call-2", 2, 3600)), "another source address");
        assertFalse(held.refreshedBy(binding("192.0.2.1:5060", "ua/2", "call-2", 2, 3600)), "another User-Agent");
        assertEquals(original, held.binding());
    }

    @Test
    void anExpiryWithAFractionOfASecondIsKeptExactly() {
        Instant expires = NOW.plusMillis(1500);
        HeldBinding held = new HeldBinding(new Binding("sip:a@192.0.2.1", "", 0, "192.0.2.1:5060", "UDP", expires, "", "", "",
                "call-1", 1, "ua/1", ""));
        assertEquals(expires, held.binding().expires());
        assertTrue(held.expiresAfter(NOW.plusMillis(1499)));
        assertFalse(held.expiresAfter(expires));
    }

    private static Binding binding(String received, String userAgent, String callId, long cseq, int seconds) {
        return new Binding("sip:a@192.0.2.1", "", 0, received, "UDP", NOW.plusSeconds(seconds), "", "", "", callId, cseq, userAgent, "");
    }
}
