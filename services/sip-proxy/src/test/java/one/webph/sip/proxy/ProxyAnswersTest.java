package one.webph.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.sip.location.LocationStore;
import one.webph.testing.database.TestDatabaseResource;

/** What the proxy answers by itself: keep-alive OPTIONS, challenges, unknown and offline numbers, bad input. */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class ProxyAnswersTest {

    @Inject
    SipServer server;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LocationStore locations;

    @Test
    @DisplayName("OPTIONS to the server itself is answered 200 (keep-alive and monitoring)")
    void optionsToTheServer() throws Exception {
        try (RawSipClient client = new RawSipClient("127.0.0.1", server.udpPort())) {
            client.send(client.request("OPTIONS", "monitor", "", "").replace("sip:@", "sip:"));
            assertEquals(200, RawSipClient.status(client.finalResponse()));
        }
    }

    @Test
    @DisplayName("a new INVITE without credentials is challenged statelessly: 407 with no 100 before it, a new nonce for the same INVITE again, its ACK absorbed")
    void inviteIsChallengedStatelessly() throws Exception {
        try (RawSipClient client = new RawSipClient("127.0.0.1", server.udpPort())) {
            String invite = client.request("INVITE", "1234567", "7654321", "");
            client.send(invite);
            String response = client.nextResponse();
            assertEquals(407, RawSipClient.status(response), "the challenge comes first, without a 100 Trying: " + response);
            List<String> challenges = response.lines().filter(l -> l.startsWith("Proxy-Authenticate:")).toList();
            assertEquals(3, challenges.size());
            assertTrue(challenges.get(0).contains("algorithm=MD5") && challenges.get(2).contains("algorithm=MD5"));
            assertTrue(challenges.get(1).contains("algorithm=SHA-256"));

            client.send(invite);
            String again = client.nextResponse();
            assertEquals(407, RawSipClient.status(again));
            assertTrue(!nonce(response).equals(nonce(again)), "a fresh challenge, not a transaction's kept answer");

            String to = again.lines().filter(l -> l.startsWith("To:")).findFirst().orElseThrow();
            client.send(invite.replaceFirst("^INVITE ", "ACK ").replace("CSeq: 1 INVITE", "CSeq: 1 ACK").replaceFirst("(?m)^To:.*$", to));
            assertNull(client.nextResponse(), "the ACK is absorbed, and no 407 is retransmitted");
        }
    }

    @Test
    @DisplayName("a REGISTER without credentials is challenged statelessly: the same REGISTER again gets a new nonce, not a kept answer")
    void registerWithoutCredentialsIsChallengedStatelessly() throws Exception {
        try (RawSipClient client = new RawSipClient("127.0.0.1", server.udpPort())) {
            String register = client.request("REGISTER", "1234567", "1234567", "Expires: 600\r\n");
            client.send(register);
            String first = client.finalResponse();
            client.send(register);
            String second = client.finalResponse();
            assertEquals(401, RawSipClient.status(first));
            assertEquals(401, RawSipClient.status(second));
            List<String> challenges = first.lines().filter(l -> l.startsWith("WWW-Authenticate:")).toList();
            assertEquals(3, challenges.size());
            assertTrue(challenges.get(0).contains("algorithm=MD5") && challenges.get(1).contains("algorithm=SHA-256"));
            assertTrue(first.contains(";rport=" + client.localAddress().substring(client.localAddress().indexOf(':') + 1)),
                    "the Via says where the request came from: " + first);
            assertTrue(!nonce(first).equals(nonce(second)), "a fresh challenge, not a transaction's kept answer");
        }
    }

    @Test
    @DisplayName("a REGISTER without credentials that the core must refuse still is: Max-Forwards 0 gets 483")
    void registerWithoutHopsLeftIsRefused() throws Exception {
        try (RawSipClient client = new RawSipClient("127.0.0.1", server.udpPort())) {
            client.send(client.request("REGISTER", "1234567", "1234567", "").replace("Max-Forwards: 70", "Max-Forwards: 0"));
            assertEquals(483, RawSipClient.status(client.finalResponse()));
        }
    }

    private static String nonce(String response) {
        Matcher nonce = Pattern.compile("nonce=\"([^\"]+)\"").matcher(response);
        assertTrue(nonce.find(), "a nonce in " + response);
        return nonce.group(1);
    }

    @Test
    @DisplayName("an authenticated text to an unknown number gets 404, to a number without binding 202 (kept), as someone else 403")
    void unknownOfflineAndImpersonation() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String me = SubscriberRows.newNumber("2");
        String offline = SubscriberRows.newNumber("2");
        rows.subscriber(me, "my-secret");
        rows.subscriber(offline, "other-secret");
        try (RawSipClient client = new RawSipClient("127.0.0.1", server.udpPort())) {
            assertEquals(404, authorized(client, me, me, "9" + SubscriberRows.newNumber("9"), "my-secret"));
            assertEquals(202, authorized(client, me, me, offline, "my-secret"), "kept for when the phone comes back");
            assertEquals(403, authorized(client, me, offline, offline, "my-secret"), "From must be the authenticated number");
            assertEquals(407, authorized(client, me, me, offline, "wrong-secret"), "a wrong password is challenged again");
        }
    }

    @Test
    @DisplayName("a request missing a mandatory header gets 400; a garbage datagram gets nothing and the server goes on")
    void malformedInput() throws Exception {
        try (RawSipClient client = new RawSipClient("127.0.0.1", server.udpPort())) {
            String withoutMaxForwardsAndCSeqMismatch = client.request("OPTIONS", "a", "b", "").replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE");
            client.send(withoutMaxForwardsAndCSeqMismatch);
            assertEquals(400, RawSipClient.status(client.finalResponse()));
            client.send("\u0000\u0001garbage that is not SIP\r\n\r\n");
            client.send(client.request("OPTIONS", "monitor", "", "").replace("sip:@", "sip:"));
            assertEquals(200, RawSipClient.status(client.finalResponse()), "still answering");
        }
    }

    @Test
    @DisplayName("a phone registered through an edge proxy (Path) is reached through that proxy, with the Path as Route")
    void pathIsFollowed() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String sender = SubscriberRows.newNumber("2");
        String phoneNumber = SubscriberRows.newNumber("2");
        rows.subscriber(sender, "sender-secret");
        rows.subscriber(phoneNumber, "phone-secret");
        try (WakingPhone edge = new WakingPhone(server.udpPort(), phoneNumber, "127.0.0.9").behindEdgeProxy()) {
            edge.register("phone-secret");
            assertTrue(edge.lastRegisterResponse().contains("Path: <sip:127.0.0.9:"), "the registrar echoes the Path");
            assertEquals(1, rows.count("SELECT COUNT(*) FROM location WHERE aor = ? AND path LIKE '<sip:127.0.0.9:%'", phoneNumber));
            try (RawSipClient client = new RawSipClient("127.0.0.1", server.udpPort())) {
                CompletableFuture<Integer> sent = authorizedInBackground(client, sender, phoneNumber, "sender-secret");
                String text = edge.takeText();
                assertEquals(200, sent.get(5, TimeUnit.SECONDS), "the sender got the edge's 200");
                assertTrue(text.contains("Route: <sip:127.0.0.9:"), "the edge proxy gets it with the Path as Route: " + text);
            }
        }
    }

    @Test
    @DisplayName("the 200 to a REGISTER lists every device of the number with the seconds it has left (RFC 3261 §10.3 step 8)")
    void theAnswerToARegisterListsEveryBinding() throws Exception {
        String number = newPhoneSubscriber();
        try (WakingPhone first = new WakingPhone(server.udpPort(), number).asDevice(1);
             WakingPhone second = new WakingPhone(server.udpPort(), number, "127.0.0.2").asDevice(2)) {
            first.register("phone-secret");
            second.register("phone-secret");
            first.register("phone-secret"); // A refresh: answered from memory, the other device still listed.
            List<String> contacts = first.lastRegisterResponse().lines().filter(l -> l.startsWith("Contact:"))
                    .flatMap(l -> java.util.Arrays.stream(l.substring("Contact:".length()).split(",(?=\\s*<)"))).toList();
            assertEquals(2, contacts.size(), first.lastRegisterResponse());
            for (WakingPhone phone : List.of(first, second)) {
                String contact = contacts.stream().filter(c -> c.contains("<sip:" + phone.contactAddress() + ">")).findFirst().orElseThrow();
                Matcher expires = Pattern.compile(";expires=(\\d+)").matcher(contact);
                assertTrue(expires.find(), contact);
                int seconds = Integer.parseInt(expires.group(1));
                assertTrue(seconds > 290 && seconds <= 300, contact);
            }
        }
    }

    @Test
    @DisplayName("a REGISTER older than its binding (same Call-ID, CSeq not higher) gets 400 and changes nothing (RFC 3261 §10.3 step 7)")
    void aDelayedRegisterChangesNothing() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String number = newPhoneSubscriber();
        try (WakingPhone phone = new WakingPhone(server.udpPort(), number)) {
            assertEquals(200, phone.withCallIdAndCSeq("ordered-" + number, 5).tryRegister("phone-secret"));
            assertEquals(200, phone.withCallIdAndCSeq("ordered-" + number, 6).tryRegister("phone-secret"), "in memory now: checked");
            assertEquals(400, phone.withCallIdAndCSeq("ordered-" + number, 6).tryRegister("phone-secret"), "the same CSeq again");
            assertTrue(phone.lastRegisterResponse().startsWith("SIP/2.0 400 Invalid CSeq number"), phone.lastRegisterResponse());
            assertEquals(400, phone.withCallIdAndCSeq("ordered-" + number, 4).tryRegister("phone-secret"), "an older one");
            locations.written().get(10, TimeUnit.SECONDS);
            // CSeq 6 refreshed the binding within the slack (SIP_LOCATION_REFRESH_SLACK): memory has it, the table may still hold 5.
            assertEquals(1, rows.count("SELECT COUNT(*) FROM location WHERE aor = ? AND cseq IN (5, 6)", number), "the newest stays");
            assertEquals(0, rows.count("SELECT COUNT(*) FROM location WHERE aor = ? AND cseq = 4", number), "the older one wrote nothing");
            assertEquals(200, phone.withCallIdAndCSeq("ordered-" + number, 7).tryRegister("phone-secret"));
            assertEquals(200, phone.withCallIdAndCSeq("another-call-" + number, 1).tryRegister("phone-secret"), "a new Call-ID starts over");
        }
    }

    @Test
    @DisplayName("a REGISTER whose contact the location table cannot hold gets 400 and leaves no binding")
    void overlongContactIsRefused() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String number = newPhoneSubscriber();
        try (WakingPhone phone = new WakingPhone(server.udpPort(), number).withContactUriParameters(";pn-prid=" + "x".repeat(600))) {
            assertEquals(400, phone.tryRegister("phone-secret"));
            assertTrue(phone.lastRegisterResponse().contains("too long"), phone.lastRegisterResponse());
            assertEquals(0, rows.count("SELECT COUNT(*) FROM location WHERE aor = ?", number));
        }
    }

    /** A new subscriber whose password is "phone-secret", as the phones of these tests register with. */
    private String newPhoneSubscriber() throws Exception {
        String number = SubscriberRows.newNumber("2");
        new SubscriberRows(dataSource).subscriber(number, "phone-secret");
        return number;
    }

    /** Sends a MESSAGE, answers the 407 with MD5 digest, and returns the final status. */
    static int authorized(RawSipClient client, String user, String from, String to, String password) throws Exception {
        String first = client.request("MESSAGE", from, to, "");
        client.send(first);
        String challenge = client.finalResponse();
        assertEquals(407, RawSipClient.status(challenge));
        String nonce = nonce(challenge);
        String uri = "sip:" + to + "@" + SubscriberRows.DOMAIN;
        String ha1 = md5(user + ":" + SubscriberRows.DOMAIN + ":" + password);
        String response = md5(ha1 + ":" + nonce + ":00000001:abc:auth:" + md5("MESSAGE:" + uri));
        String credentials = "Proxy-Authorization: Digest username=\"" + user + "\", realm=\"" + SubscriberRows.DOMAIN + "\", nonce=\""
                + nonce + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"abc\"\r\n";
        client.send(client.request("MESSAGE", from, to, credentials + "Content-Type: text/plain\r\n").replace("Content-Length: 0\r\n\r\n",
                "Content-Length: 5\r\n\r\nhello"));
        return RawSipClient.status(client.finalResponse());
    }

    /**
     * {@link #authorized} from another thread, for tests whose recipient must answer meanwhile;
     * completes with the final status.
     */
    static CompletableFuture<Integer> authorizedInBackground(RawSipClient client, String sender, String to, String password) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return authorized(client, sender, sender, to, password);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
