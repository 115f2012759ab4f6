package one.webph.webpush.api;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import one.webph.webpush.config.WebPushConfig;
import one.webph.webpush.delivery.DeliveryOutcome;
import one.webph.webpush.delivery.Notifier;
import one.webph.webpush.delivery.PushKind;
import one.webph.webpush.delivery.PushMessage;

/** The API sip-proxy calls to wake a number's devices. Authenticated with the shared service token. */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "internal")
public class InternalResource {

    private static final Logger LOG = Logger.getLogger(InternalResource.class);
    static final int MAX_CONTENT = 4000;
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,32}");

    private final WebPushConfig config;
    private final Notifier notifier;

    InternalResource(WebPushConfig config, Notifier notifier) {
        this.config = config;
        this.notifier = notifier;
        if (config.internalToken().filter(t -> !t.isBlank()).isEmpty()) {
            LOG.warn("INTERNAL_SERVICE_TOKEN is not set: /internal/v1/notify refuses every call, so sip-proxy cannot wake phones");
        }
    }

    /** A notification request. */
    public record NotifyRequest(String number, String kind, String from, String callId, String content) {
    }

    /** What happened per device, by the deadline. */
    public record NotifyResponse(String number, int devices, List<DeliveryOutcome> outcomes) {
    }

    @POST
    @Path("/notify")
    @Consumes(MediaType.APPLICATION_JSON)
    // On the event loop: the devices come from memory, the pushes go out asynchronously; a worker
    // thread per notify (and the blocking body stream it needs) cost more than the whole send.
    @NonBlocking
    @Operation(summary = "Wake every device of a number", description = "Authorization: Bearer <INTERNAL_SERVICE_TOKEN>. "
            + "kind: call-incoming | call-cancelled | call-missed | message. Answers within the configured deadline "
            + "(WEBPUSH_NOTIFY_DEADLINE) with an outcome per device: DELIVERED, GONE (subscription removed), REJECTED, "
            + "FAILED, or PENDING (still retrying).")
    public CompletionStage<NotifyResponse> notify(@HeaderParam("Authorization") String authorization, NotifyRequest body) {
        authorize(authorization);
        if (body == null || body.number() == null || !NUMBER.matcher(body.number()).matches()) {
            throw new ApiException(400, "bad_request", "number is 1 to 32 digits");
        }
        PushKind kind = PushKind.of(body.kind() == null ? "" : body.kind())
                .orElseThrow(() -> new ApiException(400, "bad_request", "kind is call-incoming, call-cancelled, call-missed or message"));
        if (body.from() == null || body.from().length() > 128 || (body.callId() != null && body.callId().length() > 256)) {
            throw new ApiException(400, "bad_request", "from is required (at most 128 characters); callId at most 256");
        }
        if (body.content() != null && body.content().length() > MAX_CONTENT) {
            throw new ApiException(400, "bad_request", "content is at most " + MAX_CONTENT + " characters");
        }
        PushMessage message = new PushMessage(kind, body.from(), body.callId(), body.content(), Instant.now());
        return notifier.notify(body.number(), message)
                .thenApply(outcomes -> new NotifyResponse(body.number(), outcomes.size(), outcomes));
    }

    private void authorize(String authorization) {
        String expected = config.internalToken().filter(t -> !t.isBlank()).orElse(null);
        String given = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "unauthorized", "The internal API needs the service token");
        }
    }
}
