package one.webph.pwa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

    @Test
    @DisplayName("origin() keeps scheme, host and an explicit port, and drops the path")
    void originOfUrls() {
        assertEquals("wss://example.org", SecurityHeaders.origin("wss://example.org/sip"));
        assertEquals("ws://localhost:5066", SecurityHeaders.origin("ws://localhost:5066"));
        assertEquals("http://127.0.0.1:8082", SecurityHeaders.origin("http://127.0.0.1:8082/"));
    }

    @Test
    @DisplayName("origin() of a relative URL is none: the app's own origin is already allowed")
    void relativeUrl() {
        assertNull(SecurityHeaders.origin("/api"));
        assertNull(SecurityHeaders.origin("not a url"));
    }
}
