package one.webph.webpush.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import one.webph.webpush.subscription.SubscriptionService;
import one.webph.webpush.vapid.VapidKeys;

/**
 * The phone's API: the server's VAPID key, and storing or removing its push subscription. The
 * device token (from allocatenumber) names the number; a device id belongs to one number.
 */
@Path("/api/v1/push")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
@Tag(name = "devices")
public class DeviceResource {

    @Inject
    JsonWebToken token;

    @Inject
    VapidKeys vapid;

    @Inject
    SubscriptionService subscriptions;

    /** The server's application server key. */
    public record PublicKey(String publicKey) {
    }

    /** The browser's PushSubscription as {@code toJSON()} gives it. */
    public record SubscriptionBody(String endpoint, Long expirationTime, KeysBody keys) {
    }

    /** Its keys. */
    public record KeysBody(String p256dh, String auth) {
    }

    /** What was stored. */
    public record Stored(String number, String deviceId, String status) {
    }

    @GET
    @Path("/public-key")
    @Operation(summary = "The VAPID public key", description = "base64url; pass it as applicationServerKey to pushManager.subscribe().")
    public PublicKey publicKey() {
        return new PublicKey(vapid.signer().publicKey());
    }

    @PUT
    @Path("/subscriptions/{deviceId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("device")
    @Operation(summary = "Store this device's push subscription", description = "Bearer device token. 201 when created, "
            + "200 when replaced; 403 when the device id belongs to another number.")
    public Response put(@PathParam("deviceId") String deviceId, SubscriptionBody body) {
        String number = number();
        checkDeviceId(deviceId);
        if (body == null || body.keys() == null) {
            throw new ApiException(400, "bad_subscription", "The body is the browser's PushSubscription: endpoint and keys");
        }
        try {
            SubscriptionService.Stored stored = subscriptions.put(number, deviceId,
                    new SubscriptionService.Keys(body.endpoint(), body.keys().p256dh(), body.keys().auth()));
            return Response.status(stored == SubscriptionService.Stored.CREATED ? 201 : 200)
                    .entity(new Stored(number, deviceId, stored.name().toLowerCase(java.util.Locale.ROOT))).build();
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "bad_subscription", e.getMessage());
        } catch (SecurityException e) {
            throw new ApiException(403, "forbidden", "This device id belongs to another number");
        } catch (IllegalStateException e) {
            throw new ApiException(409, "too_many_devices", e.getMessage());
        }
    }

    @DELETE
    @Path("/subscriptions/{deviceId}")
    @RolesAllowed("device")
    @Operation(summary = "Remove this device's push subscription")
    public Response delete(@PathParam("deviceId") String deviceId) {
        String number = number();
        checkDeviceId(deviceId);
        try {
            if (!subscriptions.delete(number, deviceId)) {
                throw new ApiException(404, "not_found", "No subscription for this device");
            }
            return Response.noContent().build();
        } catch (SecurityException e) {
            throw new ApiException(403, "forbidden", "This device id belongs to another number");
        }
    }

    private String number() {
        String number = token.getSubject();
        if (number == null || !number.matches("[0-9]{1,32}")) {
            throw new ApiException(403, "forbidden", "The token does not name a phone number");
        }
        return number;
    }

    private static void checkDeviceId(String deviceId) {
        if (!deviceId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new ApiException(400, "bad_device_id", "A device id is 1 to 64 letters, digits, '-' or '_'");
        }
    }
}
