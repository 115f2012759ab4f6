package one.webph.allocatenumber.token;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Set;

import one.webph.allocatenumber.config.AllocateConfig;

/**
 * Signs device tokens: RS256 JWTs whose subject is the phone number. Other services verify them
 * with the public key from {@code /api/v1/tokens/jwks}. Thread-safe.
 */
@ApplicationScoped
public class TokenIssuer {

    /** The group every device token carries. */
    public static final String DEVICE_GROUP = "device";

    private final AllocateConfig config;
    private final TokenKeys keys;

    TokenIssuer(AllocateConfig config, TokenKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    public IssuedToken issue(String number) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(config.token().lifetime());
        String token = Jwt.issuer(config.token().issuer())
                .subject(number)
                .upn(number)
                .groups(Set.of(DEVICE_GROUP))
                .issuedAt(now)
                .expiresAt(expiresAt)
                .jws().keyId(keys.keyId())
                .sign(keys.privateKey());
        return new IssuedToken(token, expiresAt);
    }

    /** A signed token and when it stops being valid. */
    public record IssuedToken(String token, Instant expiresAt) {
    }
}
