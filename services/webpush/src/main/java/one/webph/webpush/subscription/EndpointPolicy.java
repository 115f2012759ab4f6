package one.webph.webpush.subscription;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import one.webph.webpush.config.WebPushConfig;

/**
 * Decides which push endpoints we accept. The server POSTs to every endpoint it stores, so an
 * endpoint is a request the server makes on a stranger's behalf: only https, only push services
 * on the allow-list (unless the operator allows any), no credentials in the URL, bounded length.
 */
@ApplicationScoped
public class EndpointPolicy {

    private final List<String> allowedHosts;
    private final boolean insecureLoopback;
    private final int maxLength;

    @Inject
    EndpointPolicy(WebPushConfig config) {
        this(config.endpoints().allowedHosts(), config.endpoints().allowInsecureLoopback(), config.endpoints().maxLength());
    }

    EndpointPolicy(List<String> allowedHosts, boolean insecureLoopback, int maxLength) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        this.insecureLoopback = insecureLoopback;
        this.maxLength = maxLength;
    }

    /** @return the parsed endpoint; @throws IllegalArgumentException with the reason */
    public URI check(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint is missing");
        }
        if (endpoint.length() > maxLength) {
            throw new IllegalArgumentException("endpoint is longer than " + maxLength + " characters");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint must be a plain URL with a host");
        }
        if ("http".equals(scheme) && insecureLoopback && host.equals("127.0.0.1")) {
            return uri;
        }
        if (!"https".equals(scheme)) {
            throw new IllegalArgumentException("endpoint must be an https URL");
        }
        if (!hostAllowed(host)) {
            throw new IllegalArgumentException("endpoint host " + host + " is not a push service this server sends to");
        }
        return uri;
    }

    private boolean hostAllowed(String host) {
        for (String allowed : allowedHosts) {
            if (allowed.equals("*") || allowed.equals(host)
                    || allowed.startsWith("*.") && host.endsWith(allowed.substring(1))) {
                return true;
            }
        }
        return false;
    }
}
