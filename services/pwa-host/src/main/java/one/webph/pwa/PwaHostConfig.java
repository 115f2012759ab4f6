package one.webph.pwa;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Optional;

/**
 * pwa-host's settings, keys {@code pwa-host.*}, each from an environment variable (see
 * application.properties and .env.example). The service addresses are optional here because
 * docker compose and the local run pass unset variables as empty strings; {@link
 * DeploymentAddresses} picks the first one given, in the documented order, else the local run's.
 */
@ConfigMapping(prefix = "pwa-host")
public interface PwaHostConfig {

    /** PWA_SIP_WS_URL: SIP over WebSocket URL the app REGISTERs to, e.g. wss://example.org/sip. */
    Optional<String> sipWsUrl();

    /** SIP_WS_URI: the WebSocket URI allocatenumber gives phones; used when PWA_SIP_WS_URL is not set. */
    @WithName("shared.sip-ws-uri")
    Optional<String> sharedSipWsUri();

    /** PUBLIC_SIP_WS_URI: set by docker compose to wss://DOMAIN/sip. */
    @WithName("public.sip-ws-uri")
    Optional<String> publicSipWsUri();

    /** PUBLIC_ORIGIN: set by docker compose to https://DOMAIN, where Caddy routes every API path. */
    @WithName("public.origin")
    Optional<String> publicOrigin();

    /** PWA_ALLOCATE_API_URL: allocatenumber's API as the browser sees it. */
    Optional<String> allocateApiUrl();

    /** PWA_WEBPUSH_API_URL: webpush's device API as the browser sees it. */
    Optional<String> webpushApiUrl();

    /** PWA_SIP_API_URL: sip-proxy's HTTP API (the service worker declines calls there). */
    Optional<String> sipApiUrl();

    /** SIP domain of the numbers (also the digest realm). */
    @WithDefault("localhost")
    String sipDomain();

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
