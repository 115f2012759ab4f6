package one.webph.webpush.api;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import one.webph.webpush.config.WebPushConfig;
import one.webph.webpush.delivery.Notifier;
import one.webph.webpush.delivery.PushKind;
import one.webph.webpush.delivery.PushMessage;
import one.webph.webpush.subscription.SubscriptionService;
import one.webph.webpush.vapid.VapidKeys;

/**
 * The original webpush-server's API, for old apps and peers: {@code GET /publicKey},
 * {@code POST /save}, {@code POST /send}, with its shapes (errors are HTTP 200 with an
 * {@code error} field). What changed: {@code /send} takes a peer's API key with scope
 * {@code push:send} instead of a shared secret; {@code /save} is off unless the operator turns on
 * {@code create-only}, which may create a number's first subscription but never replace one.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "legacy")
public class LegacyResource {

    private static final Logger LOG = Logger.getLogger(LegacyResource.class);
    static final String LEGACY_DEVICE = "legacy";

    private final WebPushConfig config;
    private final VapidKeys vapid;
    private final SubscriptionService subscriptions;
    private final Notifier notifier;
    private final EntityManager entityManager;

    LegacyResource(WebPushConfig config, VapidKeys vapid, SubscriptionService subscriptions, Notifier notifier,
                   EntityManager entityManager) {
        this.config = config;
        this.vapid = vapid;
        this.subscriptions = subscriptions;
        this.notifier = notifier;
        this.entityManager = entityManager;
    }

    /** {@code POST /save}'s body. */
    public record SaveBody(String user, String endpoint, String auth, String p256dh) {
    }

    /** {@code POST /send}'s body. */
    public record SendBody(String user, String secretKey, Map<String, Object> payload) {
    }

    @GET
    @Path("publicKey")
    @Operation(summary = "VAPID public key (legacy)")
    public Map<String, String> publicKey() {
        return Map.of("key", vapid.signer().publicKey());
    }

    @POST
    @Path("save")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a subscription (legacy)", description = "Off unless WEBPUSH_LEGACY_SAVE=create-only; then "
            + "only a number without any subscription gets one. Prefer PUT /api/v1/push/subscriptions/{deviceId}.")
    public Map<String, Object> save(SaveBody body) {
        if (!"create-only".equals(config.legacy().save())) {
            return Map.of("error", "This server does not accept unauthenticated subscriptions; update the app");
        }
        if (body == null || body.user() == null || !body.user().matches("[0-9]{1,32}")) {
            return Map.of("error", "user is a phone number");
        }
        if (!numberExists(body.user())) {
            return Map.of("error", "User not found");
        }
        try {
            boolean created = subscriptions.createIfNone(body.user(), LEGACY_DEVICE + "-" + body.user(),
                    new SubscriptionService.Keys(body.endpoint(), body.p256dh(), body.auth()));
            return created ? Map.of("status", "created")
                    : Map.of("error", "This number already has a subscription; it cannot be replaced without credentials");
        } catch (IllegalArgumentException e) {
            return Map.of("error", e.getMessage());
        }
    }

    @POST
    @Path("send")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a push (legacy)", description = "secretKey is a peer API key with scope push:send. "
            + "payload: {from, action: call-incoming | call-canceled | sms-incoming, content?}. Answers at once.")
    public Map<String, Object> send(SendBody body) {
        if (body == null || body.secretKey() == null || !keyAllowsSend(body.secretKey())) {
            return Map.of("error", "Invalid Key");
        }
        String user = body.user() == null ? "" : body.user();
        if (!user.matches("[0-9]{1,32}") || subscriptions.forNumber(user).isEmpty()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", "User not found");
            error.put("id", user);
            return error;
        }
        Map<String, Object> payload = body.payload() == null ? Map.of() : body.payload();
        String action = String.valueOf(payload.getOrDefault("action", "call-incoming"));
        PushKind kind = Arrays.stream(PushKind.values()).filter(k -> k.legacyAction().equals(action) || k.wire().equals(action))
                .findFirst().orElse(PushKind.CALL_INCOMING);
        String from = truncate(String.valueOf(payload.getOrDefault("from", "")), 128);
        Object content = payload.get("content");
        String id = payload.get("id") == null ? UUID.randomUUID().toString() : truncate(String.valueOf(payload.get("id")), 256);
        notifier.notify(user, new PushMessage(kind, from, id, content == null ? null : truncate(String.valueOf(content), 4000), Instant.now()))
                .toCompletableFuture().exceptionally(error -> {
                    LOG.warnf("Legacy push for %s failed: %s", user, error.getMessage());
                    return List.of();
                });
        // (sic) — the original's spelling, which old peers may compare against.
        return Map.of("result", "Sending push notificactions");
    }

    private boolean numberExists(String number) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT COUNT(*) FROM subscriber WHERE username = ?1")
                .setParameter(1, number).getSingleResult()).longValue() > 0);
    }

    private boolean keyAllowsSend(String key) {
        if (key.length() > 200) {
            return false;
        }
        String hash = sha256(key);
        List<?> scopes = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT scopes FROM api_client WHERE key_hash = ?1")
                .setParameter(1, hash).getResultList());
        return scopes.stream().map(String::valueOf)
                .anyMatch(s -> Arrays.stream(s.split(",")).map(String::trim).anyMatch("push:send"::equals));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }
}
