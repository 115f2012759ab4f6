package one.webph.pwa;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * Where this deployment's services are, as the app must reach them from the phone's browser,
 * and where the app's files come from. Keys {@code pwa-host.*}; each has an environment variable
 * (see application.properties and .env.example).
 */
@ConfigMapping(prefix = "pwa-host")
public interface PwaHostConfig {

    /** SIP over WebSocket URL the app REGISTERs to (sub-protocol "sip"), e.g. wss://example.org/sip. */
    @WithDefault("ws://localhost:5066")
    String sipWsUrl();

    /** SIP domain of the numbers (also the digest realm). */
    @WithDefault("localhost")
    String sipDomain();

    /** Base URL of allocatenumber's API, as the browser sees it. */
    @WithDefault("http://localhost:8082")
    String allocateApiUrl();

    /** Base URL of webpush's device API, as the browser sees it. */
    @WithDefault("http://localhost:8083")
    String webpushApiUrl();

    /** Base URL of sip-proxy's HTTP API (the service worker declines calls there). */
    @WithDefault("http://localhost:8081")
    String sipApiUrl();

    /** How the community writes its numbers: digit group sizes, e.g. 3,3,5 -> "999 100 12345". */
    @WithDefault("3,3,5")
    List<Integer> numberGroups();

    /**
     * A folder to serve the app from instead of the copy inside the jar (e.g. pwa/dist while
     * working on the app). "classpath" means the copy inside the jar.
     */
    @WithDefault("classpath")
    String appDir();
}
