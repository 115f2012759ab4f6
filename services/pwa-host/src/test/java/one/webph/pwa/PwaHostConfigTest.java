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
    @DisplayName("defaults are the local run's addresses and the jar's copy of the app")
    void defaults() {
        PwaHostConfig config = configWith(Map.of());
        assertEquals("ws://localhost:5066", config.sipWsUrl());
        assertEquals("localhost", config.sipDomain());
        assertEquals("http://localhost:8082", config.allocateApiUrl());
        assertEquals("http://localhost:8083", config.webpushApiUrl());
        assertEquals("http://localhost:8081", config.sipApiUrl());
        assertEquals(List.of(3, 3, 5), config.numberGroups());
        assertEquals("classpath", config.appDir());
    }

    @Test
    @DisplayName("each key can be overridden")
    void overrides() {
        PwaHostConfig config = configWith(Map.of(
                "pwa-host.sip-ws-url", "wss://example.org/sip",
                "pwa-host.number-groups", "2,4,4",
                "pwa-host.app-dir", "/srv/pwa"));
        assertEquals("wss://example.org/sip", config.sipWsUrl());
        assertEquals(List.of(2, 4, 4), config.numberGroups());
        assertEquals("/srv/pwa", config.appDir());
    }
}
