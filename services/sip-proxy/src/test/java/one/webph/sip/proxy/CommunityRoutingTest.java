package one.webph.sip.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;

/**
 * Community SIP servers (played by sipp on their own loopback addresses): routes managed through
 * the admin API, calls out by prefix, calls in from a trusted address without digest, and no relay
 * from one outside party to another.
 */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class CommunityRoutingTest {

    static final String ADMIN = "Bearer test-admin-key";

    @Inject
    SipServer server;

    @Inject
    AgroalDataSource dataSource;

    @Test
    @DisplayName("the admin API needs the key, validates, stores HA1 only, lists and deletes routes")
    void adminApi() {
        given().contentType(ContentType.JSON).body("{\"uri\":\"sip:127.0.0.9\"}").put("/api/v1/admin/community-routes/5551")
                .then().statusCode(401);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"uri\":\"http://nope\"}")
                .put("/api/v1/admin/community-routes/5551").then().statusCode(400).body("error", containsString("SIP URI"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"uri\":\"sip:127.0.0.9:5080\",\"name\":\"village GSM\",\"username\":\"webphone\",\"password\":\"trunk-secret\","
                        + "\"realm\":\"osmo\",\"trustedSources\":[\"127.0.0.9\",\"10.0.0.0/8\"]}")
                .put("/api/v1/admin/community-routes/5551")
                .then().statusCode(200).body("hasCredentials", equalTo(true)).body(not(containsString("trunk-secret")));
        given().header("Authorization", ADMIN).get("/api/v1/admin/community-routes")
                .then().statusCode(200).body("find { it.prefix == '5551' }.name", equalTo("village GSM"));
        given().header("Authorization", ADMIN).delete("/api/v1/admin/community-routes/5551").then().statusCode(204);
        given().header("Authorization", ADMIN).delete("/api/v1/admin/community-routes/5551").then().statusCode(404);
    }

    @Test
    @DisplayName("a local user calls a community number: the call goes to the server of the longest prefix")
    void callOutByPrefix() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String caller = SubscriberRows.newNumber("5");
        rows.subscriber(caller, "caller-secret");
        int gsmPort = Sipp.freeUdpPort();
        rows.communityRoute("4477", "sip:127.0.0.99:1", "");
        rows.communityRoute("44771", "sip:127.0.0.2:" + gsmPort, "127.0.0.2");
        given().header("Authorization", ADMIN).get("/api/v1/admin/community-routes").then().statusCode(200); // Reloads at once.

        Sipp gsm = Sipp.startAt("127.0.0.2", "uas-answer.xml", null, gsmPort, null);
        Thread.sleep(300);
        Sipp dialler = Sipp.dial("uac-call.xml", caller, "caller-secret", "447712345", server.udpPort());
        assertEquals(0, dialler.await(), "the call was answered and hung up (see " + dialler.work + ")");
        assertEquals(0, gsm.await(), "the community server got the call (see " + gsm.work + ")");
    }

    @Test
    @DisplayName("a trusted community server calls a local number without digest; to a foreign number it gets 403")
    void callInFromTrustedServer() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String callee = SubscriberRows.newNumber("6");
        rows.subscriber(callee, "callee-secret");
        int phonePort = Sipp.freeUdpPort();
        rows.udpBinding(callee, phonePort);
        rows.communityRoute("3355", "sip:127.0.0.3:5060", "127.0.0.3");
        given().header("Authorization", ADMIN).get("/api/v1/admin/community-routes").then().statusCode(200);

        Sipp phone = Sipp.start("uas-answer.xml", null, phonePort, null);
        Thread.sleep(300);
        Sipp gsm = Sipp.startAt("127.0.0.3", "uac-call-trusted.xml", "SEQUENTIAL\n335512345;" + callee + ";-;" + SubscriberRows.DOMAIN + "\n",
                Sipp.freeUdpPort(), "127.0.0.1:" + server.udpPort());
        assertEquals(0, gsm.await(), "the community server's call went through without a challenge (see " + gsm.work + ")");
        assertEquals(0, phone.await(), "the local phone answered (see " + phone.work + ")");

        try (RawSipClient client = new RawSipClient("127.0.0.3", server.udpPort())) {
            client.send(client.request("MESSAGE", "335512345", "889912345", ""));
            assertEquals(403, RawSipClient.status(client.finalResponse()), "no relay from one outside party to another");
        }
    }

    @Test
    @DisplayName("a community server that challenges our call gets the digest answer from the route's credentials; the dialog's CSeqs follow")
    void communityChallengeIsAnswered() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String caller = SubscriberRows.newNumber("5");
        rows.subscriber(caller, "caller-secret");
        int gsmPort = Sipp.freeUdpPort();
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"uri\":\"sip:127.0.0.4:" + gsmPort + "\",\"username\":\"webphone\",\"password\":\"trunk-secret\",\"realm\":\"community\"}")
                .put("/api/v1/admin/community-routes/2288").then().statusCode(200);

        Sipp gsm = Sipp.startAt("127.0.0.4", "uas-challenge-answer.xml", null, gsmPort, null);
        Thread.sleep(300);
        Sipp dialler = Sipp.dial("uac-call.xml", caller, "caller-secret", "228812345", server.udpPort());
        assertEquals(0, dialler.await(), "the call went through after the community server's challenge (see " + dialler.work + ")");
        assertEquals(0, gsm.await(), "the server accepted our digest and saw consistent CSeqs (see " + gsm.work + ")");
    }
}
