package one.webph.relay.control.ng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(NgReplyCacheTest.OneMegabyte.class)
class NgReplyCacheTest {

    /** A 1 MB budget for kept replies. */
    public static class OneMegabyte implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.ng.reply-cache-mb", "1");
        }
    }

    @Inject
    NgServer server;

    @Test
    @DisplayName("the replies kept for retransmissions stay within their budget however many commands come")
    void keptRepliesStayWithinTheirBudget() throws Exception {
        String padding = "x".repeat(50);
        try (NgClient ng = new NgClient(server.port())) {
            for (int i = 0; i < 6000; i++) {
                // Long cookies (each kept reply ~350 bytes with its key) fill the budget after ~3000 commands.
                assertEquals("pong", ng.sendWithCookie(padding + i, Map.of("command", "ping")).get("result"));
            }
            long kept = server.keptReplyBytes();
            assertTrue(kept <= 1 << 20, "kept " + kept + " bytes");
            assertTrue(kept > 1 << 19, "the newest are still kept: " + kept + " bytes");
            assertEquals("pong", ng.sendWithCookie(padding + 5999, Map.of("command", "ping")).get("result"), "a retransmission is answered");
        }
    }
}
