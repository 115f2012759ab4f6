package one.webph.allocatenumber.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import one.webph.allocatenumber.clients.ApiKeys;
import one.webph.allocatenumber.clients.Scope;
import one.webph.allocatenumber.config.AllocateConfig;
import one.webph.allocatenumber.numbers.AllocatedNumber;
import one.webph.allocatenumber.numbers.CredentialCheck;
import one.webph.allocatenumber.numbers.PasswordGenerator;
import one.webph.allocatenumber.token.TokenIssuer;

/** The API a new phone (or a peer provisioning phones) calls: allocate a number, change its password. */
@Path("/api/v1/numbers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "numbers")
public class NumberResource {

    private static final Logger LOG = Logger.getLogger(NumberResource.class);

    private final AllocateConfig config;
    private final AllocationService allocations;
    private final ClientIdentity clients;
    private final ApiKeys apiKeys;
    private final TokenIssuer tokens;
    private final CredentialCheck credentials;
    private final PasswordGenerator passwords;

    NumberResource(AllocateConfig config, AllocationService allocations, ClientIdentity clients, ApiKeys apiKeys,
                   TokenIssuer tokens, CredentialCheck credentials, PasswordGenerator passwords) {
        this.config = config;
        this.allocations = allocations;
        this.clients = clients;
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.credentials = credentials;
        this.passwords = passwords;
    }

    /** Body of an allocation; every field optional. */
    public record AllocationRequest(String prefix) {
    }

    /** A new number with everything the phone needs. The password is shown only here. */
    public record AllocationResponse(String number, String password, String sipDomain, String sipUri, String wsUri,
                                     String token, Instant tokenExpiresAt) {
    }

    /** Body of a password change; without a password, a strong one is generated. */
    public record PasswordChange(String password) {
    }

    /** The new password. */
    public record PasswordChanged(String number, String password) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Allocate a number", description = "Draws a free number from the prefix's pool (the default "
            + "prefix when none is given) and answers with its SIP credentials and a device token. Rate-limited per "
            + "client address (429 with Retry-After); 503 when the pool is exhausted. A peer may send "
            + "'Authorization: Bearer <api key>' with scope numbers:allocate instead of being limited per address.")
    public Response allocate(AllocationRequest body, @HeaderParam("Authorization") String authorization,
                             @Context HttpServerRequest request) {
        String prefix = body == null ? null : body.prefix();
        String client;
        String who;
        if (authorization != null) {
            String key = Authorization.bearer(authorization)
                    .orElseThrow(() -> ApiException.unauthorized("Peers authenticate with 'Authorization: Bearer <api key>'"));
            var peer = apiKeys.authorize(key, Scope.NUMBERS_ALLOCATE)
                    .orElseThrow(() -> ApiException.unauthorized("The API key is unknown or lacks scope numbers:allocate"));
            client = null;
            who = "peer '" + peer.name + "'";
        } else {
            client = clients.address(request);
            who = "client " + client;
        }
        AllocatedNumber number = allocations.allocate(prefix, null, client, who);
        TokenIssuer.IssuedToken token = tokens.issue(number.number());
        AllocationResponse response = new AllocationResponse(number.number(), number.password(), number.domain(),
                "sip:" + number.number() + "@" + number.domain(), config.sip().phoneWsUri(), token.token(), token.expiresAt());
        return Response.status(201).entity(response).build();
    }

    @PUT
    @Path("/{number}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a number's password", description = "Authenticated with the current credentials "
            + "(HTTP Basic, number:password). Without a new password in the body a strong one is generated.")
    public PasswordChanged changePassword(@PathParam("number") String number, PasswordChange body,
                                          @HeaderParam("Authorization") String authorization) {
        Authorization.Basic basic = Authorization.basic(authorization)
                .filter(b -> b.user().equals(number))
                .orElseThrow(() -> ApiException.unauthorized("Send the number's current credentials with HTTP Basic"));
        if (!credentials.verify(basic.user(), basic.password())) {
            LOG.infof("Refused a password change for %s: wrong credentials", number);
            throw ApiException.unauthorized("Wrong number or password");
        }
        String wanted = body == null ? null : body.password();
        if (wanted != null && (wanted.length() < PasswordGenerator.MINIMUM_LENGTH || wanted.length() > 128)) {
            throw ApiException.badRequest("A password has " + PasswordGenerator.MINIMUM_LENGTH + " to 128 characters");
        }
        String password = wanted == null ? passwords.next() : wanted;
        if (!credentials.changePassword(number, password)) {
            throw ApiException.notFound("No such number");
        }
        LOG.infof("Password of %s changed", number);
        return new PasswordChanged(number, password);
    }
}
