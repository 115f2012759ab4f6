package one.webph.sip.api;

import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.jboss.logging.Logger;

import one.webph.sip.message.UriParts;
import one.webph.sip.routing.AddressBlock;
import one.webph.sip.routing.CommunityRoutes;

/**
 * Admin API for community routes (operator key): list, put one by prefix, delete one. A change
 * applies at once on this proxy and within the refresh period on the others.
 */
@Path("/api/v1/admin/community-routes")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CommunityRouteResource {

    private static final Logger LOG = Logger.getLogger(CommunityRouteResource.class);

    private final AdminKey adminKey;
    private final AgroalDataSource dataSource;
    private final CommunityRoutes routes;

    CommunityRouteResource(AdminKey adminKey, AgroalDataSource dataSource, CommunityRoutes routes) {
        this.adminKey = adminKey;
        this.dataSource = dataSource;
        this.routes = routes;
    }

    @GET
    public List<CommunityRouteView> list(@HeaderParam("Authorization") String authorization) {
        adminKey.require(authorization);
        routes.reload();
        return routes.all().stream().map(CommunityRouteView::of).toList();
    }

    @PUT
    @Path("/{prefix}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@HeaderParam("Authorization") String authorization, @PathParam("prefix") String prefix, CommunityRouteRequest request) {
        adminKey.require(authorization);
        String problem = validate(prefix, request);
        if (problem != null) {
            throw AdminKey.error(Response.Status.BAD_REQUEST, problem);
        }
        String transport = request.transport() == null || request.transport().isBlank() ? "UDP" : request.transport().toUpperCase(Locale.ROOT);
        String username = blankToEmpty(request.username());
        String realm = blankToEmpty(request.realm());
        String ha1 = username.isEmpty() ? "" : hex("MD5", username + ":" + realm + ":" + request.password());
        String ha1Sha256 = username.isEmpty() ? "" : hex("SHA-256", username + ":" + realm + ":" + request.password());
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO community_route (prefix, name, uri, transport, auth_username, auth_realm, auth_ha1, auth_ha1_sha256, trusted_sources)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), uri = VALUES(uri),"
                        + " transport = VALUES(transport), auth_username = VALUES(auth_username), auth_realm = VALUES(auth_realm),"
                        + " auth_ha1 = VALUES(auth_ha1), auth_ha1_sha256 = VALUES(auth_ha1_sha256), trusted_sources = VALUES(trusted_sources)")) {
            s.setString(1, prefix);
            s.setString(2, blankToEmpty(request.name()));
            s.setString(3, request.uri().trim());
            s.setString(4, transport);
            s.setString(5, username);
            s.setString(6, realm);
            s.setString(7, ha1);
            s.setString(8, ha1Sha256);
            s.setString(9, request.trustedSources() == null ? "" : String.join(",", request.trustedSources().stream().map(String::trim).toList()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot save the community route " + prefix + ": " + e.getMessage(), e);
        }
        routes.reload();
        LOG.infof("Community route %s -> %s (%s) saved by the operator", prefix, request.uri(), transport);
        return Response.ok(routes.all().stream().filter(r -> r.prefix().equals(prefix)).map(CommunityRouteView::of).findFirst().orElseThrow()).build();
    }

    @DELETE
    @Path("/{prefix}")
    public Response delete(@HeaderParam("Authorization") String authorization, @PathParam("prefix") String prefix) {
        adminKey.require(authorization);
        int deleted;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM community_route WHERE prefix = ?")) {
            s.setString(1, prefix);
            deleted = s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete the community route " + prefix + ": " + e.getMessage(), e);
        }
        routes.reload();
        if (deleted == 0) {
            throw AdminKey.error(Response.Status.NOT_FOUND, "No community route for prefix " + prefix);
        }
        LOG.infof("Community route %s deleted by the operator", prefix);
        return Response.noContent().build();
    }

    private static String validate(String prefix, CommunityRouteRequest request) {
        if (request == null) {
            return "Send a JSON body: {uri, transport?, name?, username?, password?, realm?, trustedSources?}";
        }
        if (!prefix.matches("[0-9]{0,32}")) {
            return "The prefix is digits only (at most 32)";
        }
        if (request.uri() == null || !request.uri().trim().startsWith("sip:") || UriParts.parse(request.uri().trim()).isEmpty()
                || request.uri().length() > 255) {
            return "uri must be a SIP URI such as sip:192.0.2.10:5060";
        }
        if (request.transport() != null && !request.transport().isBlank() && !List.of("UDP", "TCP", "TLS").contains(request.transport().toUpperCase(Locale.ROOT))) {
            return "transport is UDP, TCP or TLS";
        }
        boolean hasUser = request.username() != null && !request.username().isBlank();
        if (hasUser && (request.password() == null || request.password().isEmpty() || request.realm() == null || request.realm().isBlank())) {
            return "With a username, give the password and the realm that server challenges with";
        }
        if (request.trustedSources() != null) {
            for (String source : request.trustedSources()) {
                if (AddressBlock.parse(source).isEmpty()) {
                    return "Not an address or CIDR block: " + source;
                }
            }
            if (String.join(",", request.trustedSources()).length() > 1000) {
                return "Too many trusted sources";
            }
        }
        if (request.name() != null && request.name().length() > 100) {
            return "name is at most 100 characters";
        }
        return null;
    }

    private static String blankToEmpty(String text) {
        return text == null ? "" : text.trim();
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
