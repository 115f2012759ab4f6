package one.webph.allocatenumber.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    final ClientAddressResolver resolver = new ClientAddressResolver(List.of("127.0.0.1/32", "172.28.0.0/16", "::1/128"));

    @Test
    @DisplayName("X-Forwarded-For is ignored when the request does not come through a trusted proxy")
    void ignoresForwardedForFromClients() {
        assertEquals("198.51.100.7", resolver.resolve("198.51.100.7", "1.2.3.4"));
    }

    @Test
    @DisplayName("behind the trusted proxy the right-most untrusted hop is the client")
    void readsForwardedForBehindProxy() {
        assertEquals("198.51.100.7", resolver.resolve("172.28.0.5", "1.2.3.4, 198.51.100.7"));
        assertEquals("198.51.100.7", resolver.resolve("127.0.0.1", "198.51.100.7, 172.28.3.3"));
        assertEquals("2001:db8::1", resolver.resolve("::1", "2001:db8::1"));
    }

    @Test
    @DisplayName("garbage in X-Forwarded-For is taken as an opaque name, never looked up in DNS")
    void garbageIsOpaque() {
        assertEquals("evil.example", resolver.resolve("127.0.0.1", "evil.example"));
        assertEquals("127.0.0.1", resolver.resolve("127.0.0.1", " , "));
    }
}
