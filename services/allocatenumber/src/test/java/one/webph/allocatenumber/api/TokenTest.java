package one.webph.allocatenumber.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.allocatenumber.numbers.DigestHashes;
import one.webph.testing.database.TestDatabaseResource;

@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class TokenTest {

    @Test
    @DisplayName("a device token verifies with the published public key and names the number")
    void tokenVerifiesWithPublishedKey() throws Exception {
        JsonPath allocation = allocate("192.0.2.30");
        JwtClaims claims = consumer().processToClaims(allocation.getString("token"));
        assertEquals(allocation.getString("number"), claims.getSubject());
        assertEquals("webphone", claims.getIssuer());
        assertTrue(claims.getStringListClaimValue("groups").contains("device"));
        assertTrue(claims.getExpirationTime().getValueInMillis() > System.currentTimeMillis());
    }

    @Test
    @DisplayName("a tampered token is rejected")
    void tamperedTokenIsRejected() throws Exception {
        String token = allocate("192.0.2.31").getString("token");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"sub\":\"[0-9]+\"", "\"sub\":\"99910000000\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        JwtConsumer consumer = consumer();
        assertThrows(InvalidJwtException.class, () -> consumer.processToClaims(forged));
        String unsigned = parts[0] + "." + parts[1] + ".";
        assertThrows(InvalidJwtException.class, () -> consumer.processToClaims(unsigned));
    }

    @Test
    @DisplayName("a token is renewed with the SIP credentials, and refused with a wrong password")
    void renewsWithCredentials() throws Exception {
        JsonPath allocation = allocate("192.0.2.32");
        String number = allocation.getString("number");
        String renewed = given().auth().preemptive().basic(number, allocation.getString("password"))
                .post("/api/v1/tokens").then().statusCode(200).extract().path("token");
        assertEquals(number, consumer().processToClaims(renewed).getSubject());

        given().auth().preemptive().basic(number, "wrong-password-123456")
                .post("/api/v1/tokens").then().statusCode(401);
        given().auth().preemptive().basic("99999999999", "whatever-password-1")
                .post("/api/v1/tokens").then().statusCode(401);
        given().post("/api/v1/tokens").then().statusCode(401);
    }

    @Test
    @DisplayName("a device that keeps only HA1 renews its token with HTTP Digest; a replayed answer is refused")
    void renewsWithDigestFromHa1() throws Exception {
        JsonPath allocation = allocate("192.0.2.34");
        String number = allocation.getString("number");
        String ha1 = DigestHashes.of(number, "localhost", "localhost", allocation.getString("password")).ha1();
        JsonPath challenge = given().get("/api/v1/tokens/challenge").then().statusCode(200).extract().jsonPath();
        assertEquals("localhost", challenge.getString("realm"));
        String header = digest(number, ha1, challenge.getString("nonce"), "MD5");

        String renewed = given().header("Authorization", header).post("/api/v1/tokens")
                .then().statusCode(200).extract().path("token");
        assertEquals(number, consumer().processToClaims(renewed).getSubject());
        given().header("Authorization", header).post("/api/v1/tokens").then().statusCode(401);

        String wrongHa1 = DigestHashes.of(number, "localhost", "localhost", "not-the-password").ha1();
        String nonce = given().get("/api/v1/tokens/challenge").then().extract().path("nonce");
        given().header("Authorization", digest(number, wrongHa1, nonce, "MD5")).post("/api/v1/tokens").then().statusCode(401);

        String sha256 = DigestHashes.of(number, "localhost", "localhost", allocation.getString("password")).ha1Sha256();
        String nonce2 = given().get("/api/v1/tokens/challenge").then().extract().path("nonce");
        given().header("Authorization", digest(number, sha256, nonce2, "SHA-256")).post("/api/v1/tokens").then().statusCode(200);
    }

    private static String digest(String user, String ha1, String nonce, String algorithm) throws Exception {
        String hash = algorithm.equals("MD5") ? "MD5" : "SHA-256";
        String ha2 = hex(hash, "POST:/api/v1/tokens");
        String response = hex(hash, ha1 + ":" + nonce + ":00000001:0a4f113b:auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"localhost\", nonce=\"" + nonce + "\", uri=\"/api/v1/tokens\", "
                + "algorithm=" + algorithm + ", qop=auth, nc=00000001, cnonce=\"0a4f113b\", response=\"" + response + "\"";
    }

    private static String hex(String algorithm, String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(algorithm)
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("a password change needs the current password and makes the old one stop working")
    void changesPassword() {
        JsonPath allocation = allocate("192.0.2.33");
        String number = allocation.getString("number");
        String old = allocation.getString("password");
        given().auth().preemptive().basic(number, "not-the-password-000").contentType("application/json").body("{}")
                .put("/api/v1/numbers/" + number + "/password").then().statusCode(401);
        given().auth().preemptive().basic(number, old).contentType("application/json").body("{\"password\":\"short\"}")
                .put("/api/v1/numbers/" + number + "/password").then().statusCode(400);
        String fresh = given().auth().preemptive().basic(number, old).contentType("application/json").body("{}")
                .put("/api/v1/numbers/" + number + "/password").then().statusCode(200).extract().path("password");
        assertTrue(fresh.length() >= 16);
        given().auth().preemptive().basic(number, old).post("/api/v1/tokens").then().statusCode(401);
        given().auth().preemptive().basic(number, fresh).post("/api/v1/tokens").then().statusCode(200);
    }

    private static JsonPath allocate(String address) {
        return given().header("X-Forwarded-For", address).contentType("application/json").body("{}")
                .post("/api/v1/numbers").then().statusCode(201).extract().jsonPath();
    }

    private static JwtConsumer consumer() throws Exception {
        String jwks = given().get("/api/v1/tokens/jwks").then().statusCode(200).extract().asString();
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer("webphone")
                .setRequireExpirationTime()
                .setRequireSubject()
                .build();
    }
}
