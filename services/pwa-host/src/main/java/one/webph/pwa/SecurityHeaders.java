package one.webph.pwa;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The security headers of every response. The Content-Security-Policy allows scripts, styles
 * and workers from our own origin only, and network connections to exactly the SIP WebSocket and
 * the API origins from {@link DeploymentAddresses}, so an injected script could not send the phone's
 * credentials anywhere else.
 */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static Map<String, String> of(DeploymentAddresses addresses) {
        return Map.of(
                "Content-Security-Policy", contentSecurityPolicy(addresses),
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer",
                "X-Frame-Options", "DENY",
                "Permissions-Policy", "microphone=(self), camera=(), geolocation=(), payment=()",
                "Cross-Origin-Opener-Policy", "same-origin");
    }

    static String contentSecurityPolicy(DeploymentAddresses addresses) {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        for (String url : new String[] {addresses.sipWsUrl(), addresses.allocateApiUrl(), addresses.webpushApiUrl(), addresses.sipApiUrl()}) {
            String origin = origin(url);
            if (origin != null) {
                connect.add(origin);
            }
        }
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "media-src 'self' blob:",
                "connect-src " + String.join(" ", connect),
                "worker-src 'self'",
                "manifest-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    /** scheme://host[:port] of a URL, or null when it has none (a relative, same-origin URL). */
    static String origin(String url) {
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
