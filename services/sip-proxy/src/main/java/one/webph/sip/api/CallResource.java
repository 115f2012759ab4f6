package one.webph.sip.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.jwt.JsonWebToken;

import one.webph.sip.proxy.SipServer;

/**
 * What a phone's notification can do to a call before the app is open: Decline sends 603 to the
 * caller. The device token (from allocatenumber) names the number; only its own calls are touched.
 */
@Path("/api/v1/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallResource {

    private final SipServer server;
    private final JsonWebToken token;

    CallResource(SipServer server, JsonWebToken token) {
        this.server = server;
        this.token = token;
    }

    @POST
    @Path("/{callId}/decline")
    @RolesAllowed("device")
    public CompletionStage<Response> decline(@PathParam("callId") String callId) {
        String number = token.getSubject();
        if (callId.length() > 255) {
            return java.util.concurrent.CompletableFuture.completedFuture(
                    Response.status(400).entity(Map.of("error", "callId is too long")).build());
        }
        return server.decline(number, callId).thenApply(declined -> declined
                ? Response.ok(Map.of("result", "declined", "callId", callId)).build()
                : Response.status(404).entity(Map.of("error", "No call " + callId + " is ringing for " + number)).build());
    }
}
