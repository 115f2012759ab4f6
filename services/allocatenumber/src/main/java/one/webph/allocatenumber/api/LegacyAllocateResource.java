package one.webph.allocatenumber.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import one.webph.allocatenumber.numbers.AllocatedNumber;

/**
 * The original Webph.one CGI, for old apps and peers: same path, parameters and JSON shape
 * ({@code status}, {@code msg}, {@code user}, {@code pwd}, {@code email_address}), answered with
 * HTTP 200 as before. What changed: parameters are validated and bound, never spliced into SQL;
 * the rate limits apply (429); passwords are strong; only hashes are stored.
 */
@Path("/cgi-bin/allocatenumber.py")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "legacy")
public class LegacyAllocateResource {

    static final int MAX_EMAIL = 254;

    private final AllocationService allocations;
    private final ClientIdentity clients;

    LegacyAllocateResource(AllocationService allocations, ClientIdentity clients) {
        this.allocations = allocations;
        this.clients = clients;
    }

    @GET
    @Operation(summary = "Allocate a number (legacy)", description = "Webph.one 2017 API. Prefer POST /api/v1/numbers.")
    public Response get(@QueryParam("prefix") String prefix, @QueryParam("email_address") String email,
                        @Context HttpServerRequest request) {
        return allocate(prefix, email, request);
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    @Operation(summary = "Allocate a number (legacy, form post)")
    public Response post(@FormParam("prefix") String formPrefix, @FormParam("email_address") String formEmail,
                         @QueryParam("prefix") String queryPrefix, @QueryParam("email_address") String queryEmail,
                         @Context HttpServerRequest request) {
        return allocate(formPrefix != null ? formPrefix : queryPrefix, formEmail != null ? formEmail : queryEmail, request);
    }

    private Response allocate(String prefix, String email, HttpServerRequest request) {
        if (email != null && (email.length() > MAX_EMAIL || !email.matches("[^\\s@<>\"'`;\\\\]+@[^\\s@<>\"'`;\\\\]+"))) {
            allocations.refused("bad_request");
            return Response.ok(error("invalid email_address")).build();
        }
        if (prefix != null && !prefix.matches("[0-9]{1,16}")) {
            allocations.refused("unknown_prefix");
            return Response.ok(error("invalid prefix")).build();
        }
        String client = clients.address(request);
        try {
            AllocatedNumber number = allocations.allocate(prefix, email, client, "legacy client " + client);
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("status", "ok");
            ok.put("msg", "created user");
            ok.put("user", number.number());
            ok.put("pwd", number.password());
            ok.put("email_address", email);
            return Response.ok(ok).build();
        } catch (ApiException e) {
            Response.ResponseBuilder response = Response.status(e.status == 429 ? 429 : 200).entity(error(e.getMessage()));
            if (e.retryAfter != null) {
                response.header("Retry-After", Math.max(1, e.retryAfter.toSeconds()));
            }
            return response.build();
        }
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "err");
        body.put("msg", message);
        return body;
    }
}
