package one.webph.allocatenumber.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import one.webph.allocatenumber.numbers.CredentialCheck;
import one.webph.allocatenumber.token.TokenIssuer;
import one.webph.allocatenumber.token.TokenKeys;

/** Device tokens: renewal with SIP credentials, and the public key for services that verify them. */
@Path("/api/v1/tokens")
@Tag(name = "tokens")
public class TokenResource {

    private final TokenIssuer tokens;
    private final TokenKeys keys;
    private final CredentialCheck credentials;

    TokenResource(TokenIssuer tokens, TokenKeys keys, CredentialCheck credentials) {
        this.tokens = tokens;
        this.keys = keys;
        this.credentials = credentials;
    }

    /** A renewed token. */
    public record TokenResponse(String number, String token, Instant tokenExpiresAt) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Renew a device token", description = "HTTP Basic with the number and its SIP password.")
    public TokenResponse renew(@HeaderParam("Authorization") String authorization) {
        Authorization.Basic basic = Authorization.basic(authorization)
                .orElseThrow(() -> ApiException.unauthorized("Send the number and its password with HTTP Basic"));
        if (!credentials.verify(basic.user(), basic.password())) {
            throw ApiException.unauthorized("Wrong number or password");
        }
        TokenIssuer.IssuedToken token = tokens.issue(basic.user());
        return new TokenResponse(basic.user(), token.token(), token.expiresAt());
    }

    @GET
    @Path("/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Token verification keys", description = "JSON Web Key Set (RFC 7517) of the token signing key.")
    public Map<String, Object> jwks() {
        return keys.jwks();
    }

    @GET
    @Path("/public-key")
    @Produces("application/x-pem-file")
    @Operation(summary = "Token verification key in PEM")
    public String publicKey() {
        return keys.publicKeyPem();
    }
}
