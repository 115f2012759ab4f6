package one.webph.allocatenumber.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import one.webph.allocatenumber.config.AllocateConfig;
import one.webph.allocatenumber.numbers.CredentialCheck;
import one.webph.allocatenumber.numbers.DigestResponse;
import one.webph.allocatenumber.token.DigestNonces;
import one.webph.allocatenumber.token.TokenIssuer;
import one.webph.allocatenumber.token.TokenKeys;

/** Device tokens: renewal with SIP credentials, and the public key for services that verify them. */
@Path("/api/v1/tokens")
@Tag(name = "tokens")
public class TokenResource {

    static final String PATH = "/api/v1/tokens";

    private final AllocateConfig config;
    private final TokenIssuer tokens;
    private final TokenKeys keys;
    private final DigestNonces nonces;
    private final CredentialCheck credentials;

    TokenResource(AllocateConfig config, TokenIssuer tokens, TokenKeys keys, DigestNonces nonces, CredentialCheck credentials) {
        this.config = config;
        this.tokens = tokens;
        this.keys = keys;
        this.nonces = nonces;
        this.credentials = credentials;
    }

    /** What a client needs to answer with HTTP Digest. */
    public record DigestChallenge(String realm, String nonce, String qop, List<String> algorithms, String uri) {
    }

    /** A renewed token. */
    public record TokenResponse(String number, String token, Instant tokenExpiresAt) {
    }

    @GET
    @Path("/challenge")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A Digest challenge for renewing a token", description = "For devices that keep only HA1: "
            + "answer with 'Authorization: Digest username=<number>, realm, nonce, uri=\"/api/v1/tokens\", qop=auth, nc, "
            + "cnonce, response[, algorithm=SHA-256]' (RFC 7616) on POST /api/v1/tokens. A nonce lasts 5 minutes and "
            + "works once. Sent as JSON, not as WWW-Authenticate, so browsers show no login dialog.")
    public DigestChallenge challenge() {
        return new DigestChallenge(config.sip().domain(), nonces.issue(), "auth", List.of("MD5", "SHA-256"), PATH);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Renew a device token", description = "HTTP Basic with the number and its SIP password, "
            + "or HTTP Digest computed from HA1 with a nonce from GET /api/v1/tokens/challenge.")
    public TokenResponse renew(@HeaderParam("Authorization") String authorization) {
        String number = DigestResponse.parse(authorization)
                .map(this::checkDigest)
                .or(() -> Authorization.basic(authorization).map(this::checkBasic))
                .orElseThrow(() -> ApiException.unauthorized("Send the number's credentials with HTTP Basic or Digest"));
        TokenIssuer.IssuedToken token = tokens.issue(number);
        return new TokenResponse(number, token.token(), token.expiresAt());
    }

    private String checkBasic(Authorization.Basic basic) {
        if (!credentials.verify(basic.user(), basic.password())) {
            throw ApiException.unauthorized("Wrong number or password");
        }
        return basic.user();
    }

    private String checkDigest(DigestResponse digest) {
        if (!PATH.equals(digest.uri()) || !nonces.consume(digest.nonce())) {
            throw ApiException.unauthorized("The nonce is unknown, expired or used; get a new one from /api/v1/tokens/challenge");
        }
        if (!credentials.verify(digest, "POST")) {
            throw ApiException.unauthorized("Wrong number or password");
        }
        return digest.username();
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
