package one.webph.pwa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PwaHostConfigTest {

    private static PwaHostConfig configWith(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(PwaHostConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(PwaHostConfig.class);
    }

    @Test
    @DisplayName("with nothing set, the app is told the local run's addresses")
    void localRunDefaults() {
        PwaHostConfig config = configWith(Map.of());
        assertEquals(new DeploymentAddresses("ws://localhost:5066", "http://localhost:8082", "http://localhost:8083", "http://localhost:8081"),
                DeploymentAddresses.of(config));
        assertEquals("localhost", config.sipDomain());
        assertEquals(List.of(3, 3, 5), config.numberGroups());
        assertEquals("classpath", config.appDir());
    }

    @Test
    @DisplayName("empty settings count as unset, as docker compose passes them")
    void emptyIsUnset() {
        PwaHostConfig config = configWith(Map.of(
                "pwa-host.sip-ws-url", "", "pwa-host.shared.sip-ws-uri", "",
                "pwa-host.public.sip-ws-uri", "wss://example.org/sip",
                "pwa-host.allocate-api-url", "", "pwa-host.public.origin", "https://example.org"));
        assertEquals(new DeploymentAddresses("wss://example.org/sip", "https://example.org", "https://example.org", "https://example.org"),
                DeploymentAddresses.of(config));
    }

    @Test
    @DisplayName("an explicit PWA_* address wins over SIP_WS_URI and the public origin")
    void explicitWins() {
        PwaHostConfig config = configWith(Map.of(
                "pwa-host.sip-ws-url", "wss://sip.example.org/ws", "pwa-host.shared.sip-ws-uri", "ws://other:5066",
                "pwa-host.sip-api-url", "https://proxy.example.org/", "pwa-host.public.origin", "https://example.org",
                "pwa-host.number-groups", "2,4,4"));
        DeploymentAddresses addresses = DeploymentAddresses.of(config);
        assertEquals("wss://sip.example.org/ws", addresses.sipWsUrl());
        assertEquals("https://proxy.example.org", addresses.sipApiUrl());
        assertEquals("https://example.org", addresses.allocateApiUrl());
        assertEquals(List.of(2, 4, 4), config.numberGroups());
    }

    @Test
    @DisplayName("SIP_WS_URI is used when PWA_SIP_WS_URL is not set")
    void sharedWebSocketUri() {
        assertEquals("ws://10.0.0.5:5066", DeploymentAddresses.of(configWith(Map.of("pwa-host.shared.sip-ws-uri", "ws://10.0.0.5:5066"))).sipWsUrl());
    }
}
