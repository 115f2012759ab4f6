package one.webph.pwa;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the app finds the other services, resolved once from {@link PwaHostConfig}: an explicit
 * PWA_* setting wins; with docker compose, the public origin (Caddy routes each API path there)
 * and wss://DOMAIN/sip; otherwise the local run's ports.
 */
record DeploymentAddresses(String sipWsUrl, String allocateApiUrl, String webpushApiUrl, String sipApiUrl) {

    static final String DEFAULT_SIP_WS_URL = "ws://localhost:5066";
    static final String DEFAULT_ALLOCATE_API_URL = "http://localhost:8082";
    static final String DEFAULT_WEBPUSH_API_URL = "http://localhost:8083";
    static final String DEFAULT_SIP_API_URL = "http://localhost:8081";

    static DeploymentAddresses of(PwaHostConfig config) {
        return new DeploymentAddresses(
                first(DEFAULT_SIP_WS_URL, config.sipWsUrl(), config.sharedSipWsUri(), config.publicSipWsUri()),
                withoutTrailingSlash(first(DEFAULT_ALLOCATE_API_URL, config.allocateApiUrl(), config.publicOrigin())),
                withoutTrailingSlash(first(DEFAULT_WEBPUSH_API_URL, config.webpushApiUrl(), config.publicOrigin())),
                withoutTrailingSlash(first(DEFAULT_SIP_API_URL, config.sipApiUrl(), config.publicOrigin())));
    }

    @SafeVarargs
    private static String first(String fallback, Optional<String>... candidates) {
        return Stream.of(candidates)
                .flatMap(Optional::stream)
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .findFirst()
                .orElse(fallback);
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
