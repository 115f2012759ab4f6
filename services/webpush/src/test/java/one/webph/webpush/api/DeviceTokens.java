package one.webph.webpush.api;

import io.smallrye.jwt.build.Jwt;

import java.time.Instant;
import java.util.Set;

/** Signs device tokens the way allocatenumber does, with the test key pair in src/test/resources. */
final class DeviceTokens {

    private DeviceTokens() {
    }

    static String forNumber(String number) {
        return Jwt.issuer("webphone").subject(number).upn(number).groups(Set.of("device"))
                .expiresAt(Instant.now().plusSeconds(3600)).sign("test-token-private.pem");
    }

    static String expired(String number) {
        return Jwt.issuer("webphone").subject(number).upn(number).groups(Set.of("device"))
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)).sign("test-token-private.pem");
    }

    static String otherIssuer(String number) {
        return Jwt.issuer("somebody-else").subject(number).groups(Set.of("device"))
                .expiresAt(Instant.now().plusSeconds(3600)).sign("test-token-private.pem");
    }
}
