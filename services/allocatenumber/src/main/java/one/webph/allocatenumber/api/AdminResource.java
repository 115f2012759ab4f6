package one.webph.allocatenumber.api;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import one.webph.allocatenumber.clients.ApiClient;
import one.webph.allocatenumber.clients.ApiKeys;
import one.webph.allocatenumber.clients.Scope;
import one.webph.allocatenumber.config.AllocateConfig;
import one.webph.allocatenumber.numbers.Subscriber;
import one.webph.allocatenumber.numbers.SubscriberRepository;

/** The operator's API: numbers (list, look up, delete) and peers' API keys. */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {

    private static final Logger LOG = Logger.getLogger(AdminResource.class);
    static final int MAX_PAGE = 500;

    private final AllocateConfig config;
    private final AdminAccess access;
    private final SubscriberRepository subscribers;
    private final ApiKeys apiKeys;

    AdminResource(AllocateConfig config, AdminAccess access, SubscriberRepository subscribers, ApiKeys apiKeys) {
        this.config = config;
        this.access = access;
        this.subscribers = subscribers;
        this.apiKeys = apiKeys;
    }

    /** A number as the operator sees it (no hashes). */
    public record NumberView(String number, String domain, Instant createdAt, Instant updatedAt) {
        static NumberView of(Subscriber s) {
            return new NumberView(s.username, s.domain, s.createdAt, s.updatedAt);
        }
    }

    /** One page of numbers; pass {@code next} as {@code after} for the following page. */
    public record NumberPage(List<NumberView> numbers, String next) {
    }

    /** A peer's key as listed (never the key itself). */
    public record ClientView(long id, String name, String keyPrefix, Set<String> scopes, Instant createdAt, Instant lastUsedAt) {
        static ClientView of(ApiClient c) {
            return new ClientView(c.id, c.name, c.keyPrefix, c.scopeSet(), c.createdAt, c.lastUsedAt);
        }
    }

    /** Request to create a peer's key. */
    public record NewClient(String name, List<String> scopes) {
    }

    /** A created key: the only time it is shown. */
    public record CreatedClient(long id, String name, Set<String> scopes, String key) {
    }

    @GET
    @Path("/numbers")
    @Operation(summary = "List numbers", description = "In number order, optionally within a prefix; scope numbers:read.")
    public NumberPage list(@HeaderParam("Authorization") String authorization, @QueryParam("prefix") @DefaultValue("") String prefix,
                           @QueryParam("after") @DefaultValue("") String after, @QueryParam("limit") @DefaultValue("100") int limit) {
        access.require(authorization, Scope.NUMBERS_READ);
        if (!prefix.matches("[0-9]{0,16}") || !after.matches("[0-9]{0,32}") || limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("prefix and after are digits; limit is 1 to " + MAX_PAGE);
        }
        List<NumberView> page = QuarkusTransaction.requiringNew().call(() ->
                subscribers.page(config.sip().domain(), prefix, after, limit).stream().map(NumberView::of).toList());
        String next = page.size() == limit ? page.get(page.size() - 1).number() : null;
        return new NumberPage(page, next);
    }

    @GET
    @Path("/numbers/{number}")
    @Operation(summary = "Look up a number", description = "Scope numbers:read.")
    public NumberView get(@HeaderParam("Authorization") String authorization, @PathParam("number") String number) {
        access.require(authorization, Scope.NUMBERS_READ);
        return QuarkusTransaction.requiringNew().call(() -> subscribers.findByNumber(number, config.sip().domain()))
                .map(NumberView::of)
                .orElseThrow(() -> ApiException.notFound("No such number"));
    }

    @DELETE
    @Path("/numbers/{number}")
    @Operation(summary = "Delete a number", description = "Its credentials stop working at once. Scope numbers:delete.")
    public Response delete(@HeaderParam("Authorization") String authorization, @PathParam("number") String number) {
        access.require(authorization, Scope.NUMBERS_DELETE);
        long deleted = QuarkusTransaction.requiringNew().call(() ->
                subscribers.delete("username = ?1 and domain = ?2", number, config.sip().domain()));
        if (deleted == 0) {
            throw ApiException.notFound("No such number");
        }
        LOG.infof("Number %s deleted by the admin API", number);
        return Response.noContent().build();
    }

    @GET
    @Path("/api-clients")
    @Operation(summary = "List peers' API keys", description = "Operator only; keys themselves are never shown again.")
    public List<ClientView> clients(@HeaderParam("Authorization") String authorization) {
        access.requireOperator(authorization);
        return apiKeys.listAll().stream().map(ClientView::of).toList();
    }

    @POST
    @Path("/api-clients")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a peer's API key", description = "Operator only. Scopes: numbers:allocate, "
            + "numbers:read, numbers:delete, push:send. The key is in this answer and nowhere else.")
    public Response createClient(@HeaderParam("Authorization") String authorization, NewClient body) {
        access.requireOperator(authorization);
        if (body == null || body.name() == null || !body.name().matches("[A-Za-z0-9 ._-]{1,100}")) {
            throw ApiException.badRequest("name is 1 to 100 letters, digits, spaces, dots, dashes or underscores");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String scope : body.scopes() == null ? List.<String>of() : body.scopes()) {
            scopes.add(Scope.of(scope).orElseThrow(() -> ApiException.badRequest("Unknown scope: " + scope)));
        }
        if (apiKeys.nameTaken(body.name())) {
            throw new ApiException(409, "name_taken", "A client with this name exists");
        }
        ApiKeys.CreatedKey created = apiKeys.create(body.name(), scopes);
        LOG.infof("API key %s... created for peer '%s' with scopes %s", created.client().keyPrefix, body.name(), created.client().scopes);
        return Response.status(201).entity(new CreatedClient(created.client().id, created.client().name,
                created.client().scopeSet(), created.key())).build();
    }

    @DELETE
    @Path("/api-clients/{id}")
    @Operation(summary = "Revoke a peer's API key", description = "Operator only.")
    public Response deleteClient(@HeaderParam("Authorization") String authorization, @PathParam("id") long id) {
        access.requireOperator(authorization);
        if (!apiKeys.delete(id)) {
            throw ApiException.notFound("No such client");
        }
        LOG.infof("API client %d revoked", id);
        return Response.noContent().build();
    }
}
