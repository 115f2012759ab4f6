package one.webph.allocatenumber.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;

@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class AdminApiTest {

    static final String ADMIN = "Bearer test-admin-key-0123456789";

    @Inject
    AgroalDataSource dataSource;

    @Test
    @DisplayName("the operator looks up, lists and deletes numbers; others get 401")
    void operatorManagesNumbers() {
        String number = given().header("X-Forwarded-For", "192.0.2.40").contentType("application/json").body("{}")
                .post("/api/v1/numbers").then().statusCode(201).extract().path("number");

        given().get("/api/v1/admin/numbers/" + number).then().statusCode(401).body("error", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").get("/api/v1/admin/numbers/" + number).then().statusCode(401);

        given().header("Authorization", ADMIN).get("/api/v1/admin/numbers/" + number)
                .then().statusCode(200).body("number", equalTo(number)).body("$", not(org.hamcrest.Matchers.hasKey("ha1")));
        given().header("Authorization", ADMIN).queryParam("prefix", "999100").queryParam("limit", 500)
                .get("/api/v1/admin/numbers").then().statusCode(200).body("numbers.number", hasItem(number));
        given().header("Authorization", ADMIN).queryParam("limit", 0).get("/api/v1/admin/numbers").then().statusCode(400);

        given().header("Authorization", ADMIN).delete("/api/v1/admin/numbers/" + number).then().statusCode(204);
        given().header("Authorization", ADMIN).get("/api/v1/admin/numbers/" + number).then().statusCode(404);
        assertEquals(0, new Rows(dataSource).count("SELECT COUNT(*) FROM subscriber WHERE username = ?", number));
    }

    @Test
    @DisplayName("a peer's key is stored hashed, works within its scopes only, and stops working when revoked")
    void peerKeysHaveScopes() {
        String name = "peer-" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath created = given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"scopes\":[\"numbers:allocate\"]}")
                .post("/api/v1/admin/api-clients").then().statusCode(201).extract().jsonPath();
        String key = created.getString("key");
        long id = created.getLong("id");

        Rows rows = new Rows(dataSource);
        assertEquals(0, rows.count("SELECT COUNT(*) FROM api_client WHERE key_hash = ?", key), "the key itself is not stored");
        assertEquals(1, rows.count("SELECT COUNT(*) FROM api_client WHERE id = ? AND LENGTH(key_hash) = 64", id));

        // Allocation with the key is not limited per address: more than the test limit of 5 from one address.
        for (int i = 0; i < 7; i++) {
            given().header("Authorization", "Bearer " + key).header("X-Forwarded-For", "192.0.2.41")
                    .contentType("application/json").body("{}").post("/api/v1/numbers").then().statusCode(201);
        }
        given().header("Authorization", "Bearer " + key).get("/api/v1/admin/numbers").then().statusCode(401);
        given().header("Authorization", "Bearer " + key).get("/api/v1/admin/api-clients").then().statusCode(401);
        given().header("Authorization", ADMIN).get("/api/v1/admin/api-clients").then().statusCode(200)
                .body("name", hasItem(name)).body("key", not(hasItem(key)));

        given().header("Authorization", ADMIN).delete("/api/v1/admin/api-clients/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + key).contentType("application/json").body("{}")
                .post("/api/v1/numbers").then().statusCode(401);
    }

    @Test
    @DisplayName("creating a key with an unknown scope or a bad name is refused")
    void badClientRequestsAreRefused() {
        given().header("Authorization", ADMIN).contentType("application/json").body("{\"name\":\"x\",\"scopes\":[\"root\"]}")
                .post("/api/v1/admin/api-clients").then().statusCode(400).body("message", equalTo("Unknown scope: root"));
        given().header("Authorization", ADMIN).contentType("application/json").body("{\"name\":\"<script>\",\"scopes\":[]}")
                .post("/api/v1/admin/api-clients").then().statusCode(400);
        assertFalse(new Rows(dataSource).count("SELECT COUNT(*) FROM api_client WHERE name IN ('x', '<script>')") > 0);
    }

    @Test
    @DisplayName("health checks the database and metrics count allocations and free numbers")
    void healthAndMetrics() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().header("X-Forwarded-For", "192.0.2.42").contentType("application/json").body("{}").post("/api/v1/numbers");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("allocatenumber_allocations_total{prefix=\"999100\"}"), metrics);
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("allocatenumber_numbers_free{prefix=\"7770\"}"));
        given().get("/q/openapi").then().statusCode(200);
    }
}
