package one.webph.sip.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

import one.webph.sip.config.SipConfig;

/**
 * The operator's key for sip-proxy's admin API ({@code ADMIN_API_KEY}, shared with the other
 * services), compared in constant time. Without a key configured the admin API is closed.
 */
@ApplicationScoped
class AdminKey {

    private final Optional<String> key;

    AdminKey(SipConfig config) {
        this.key = config.admin().apiKey().filter(k -> !k.isBlank());
    }

    void require(String authorization) {
        if (key.isEmpty()) {
            throw error(Response.Status.UNAUTHORIZED, "The admin API is closed: set ADMIN_API_KEY");
        }
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(key.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            throw error(Response.Status.UNAUTHORIZED, "Send 'Authorization: Bearer <admin key>'");
        }
    }

    static WebApplicationException error(Response.Status status, String message) {
        return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message)).build());
    }
}
