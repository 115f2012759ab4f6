package one.webph.sip.proxy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;

/** Waking a sleeping phone: push, hold, late forking when it registers, cancel, no answer, decline. */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeWebPush.class, restrictToAnnotatedClass = true)
class PushWakeUpTest {

    @Inject
    SipServer server;

    @Inject
    AgroalDataSource dataSource;

    private String caller;
    private SubscriberRows rows;

    private String callerLine(String callee) throws Exception {
        rows = new SubscriberRows(dataSource);
        caller = SubscriberRows.newNumber("5");
        rows.subscriber(caller, "caller-secret");
        return "SEQUENTIAL\n" + caller + ";" + callee + ";[authentication username=" + caller + " password=caller-secret];"
                + SubscriberRows.DOMAIN + "\n";
    }

    /** Creates the callee (without any binding: its phone sleeps) and has a sipp caller call it. */
    private Sipp dial(String scenario, String callee) throws Exception {
        String line = callerLine(callee);
        rows.subscriber(callee, "callee-secret");
        return Sipp.start(scenario, line, Sipp.freeUdpPort(), "127.0.0.1:" + server.udpPort());
    }

    /** The pushes for a number, waiting up to 3 s for there to be {@code count} of them. */
    private static List<String> pushes(String number, int count) throws InterruptedException {
        for (int i = 0; i < 30 && FakeWebPush.forNumber(number).size() < count; i++) {
            Thread.sleep(100);
        }
        return FakeWebPush.forNumber(number).stream().map(p -> p.getString("kind")).toList();
    }

    @Test
    @DisplayName("a call to a sleeping phone is pushed, rings the caller, and reaches the phone when it registers")
    void sleepingPhoneIsWokenAndGetsTheCall() throws Exception {
        String callee = SubscriberRows.newNumber("6");
        Sipp dialler = dial("uac-call.xml", callee);
        Thread.sleep(1500); // The phone sleeps a while before the push wakes it.
        pushes(callee, 1);
        List<JsonObject> pushes = FakeWebPush.forNumber(callee);
        assertEquals(1, pushes.size(), "one push for the incoming call");
        assertEquals("call-incoming", pushes.get(0).getString("kind"));
        assertEquals(caller, pushes.get(0).getString("from"));

        try (WakingPhone phone = new WakingPhone(server.udpPort(), callee)) {
            phone.register("callee-secret");
            phone.answerTheCall();
        }
        assertEquals(0, dialler.await(), "the caller heard it ring, then the answer (see " + dialler.work + ")");
        assertTrue(messages(dialler).contains("SIP/2.0 180 Ringing"));
        assertEquals(1, FakeWebPush.forNumber(callee).size(), "an answered call sends no second push");
    }

    @Test
    @DisplayName("the caller gives up while the phone sleeps: a call-cancelled push follows")
    void cancelledWhileSleeping() throws Exception {
        String callee = SubscriberRows.newNumber("6");
        Sipp dialler = dial("uac-cancel.xml", callee);
        assertEquals(0, dialler.await(), "ring, CANCEL, 487 (see " + dialler.work + ")");
        assertEquals(List.of("call-incoming", "call-cancelled"), pushes(callee, 2));
    }

    @Test
    @DisplayName("nobody answers within the hold time: 480 to the caller and a call-missed push")
    void missedWhenThePhoneNeverWakes() throws Exception {
        String callee = SubscriberRows.newNumber("6");
        Sipp dialler = dial("uac-call.xml", callee);
        assertNotEquals(0, dialler.await());
        assertTrue(messages(dialler).contains("SIP/2.0 480"), "480 after the hold time");
        assertEquals(List.of("call-incoming", "call-missed"), pushes(callee, 2));
    }

    @Test
    @DisplayName("a number with no device to wake gets 480 at once")
    void noDeviceMeansUnavailableAtOnce() throws Exception {
        String callee = SubscriberRows.newNumber("7");
        Sipp dialler = dial("uac-call.xml", callee);
        assertNotEquals(0, dialler.await());
        assertTrue(messages(dialler).contains("SIP/2.0 480"));
        assertTrue(!messages(dialler).contains("SIP/2.0 180"), "nothing rang");
    }

    @Test
    @DisplayName("Decline from the notification sends 603 to the caller; another number's token cannot")
    void declineFromTheNotification() throws Exception {
        String callee = SubscriberRows.newNumber("6");
        Sipp dialler = dial("uac-call.xml", callee);
        String callId = null;
        for (int i = 0; i < 50 && callId == null; i++) {
            Thread.sleep(100);
            callId = FakeWebPush.forNumber(callee).stream().map(p -> p.getString("callId")).findFirst().orElse(null);
        }
        assertTrue(callId != null, "the call was pushed");
        given().header("Authorization", "Bearer " + token("69999999")).post("/api/v1/calls/{id}/decline", callId).then().statusCode(404);
        given().post("/api/v1/calls/{id}/decline", callId).then().statusCode(401);
        given().header("Authorization", "Bearer " + token(callee)).post("/api/v1/calls/{id}/decline", callId).then().statusCode(200);
        assertNotEquals(0, dialler.await());
        assertTrue(messages(dialler).contains("SIP/2.0 603 Decline"), "the caller got 603");
        assertEquals(List.of("call-incoming", "call-cancelled"), pushes(callee, 2));
    }

    @Test
    @DisplayName("a text to a sleeping phone is kept (202), pushed with its content, and delivered when the phone registers")
    void textIsKeptPushedAndDelivered() throws Exception {
        rows = new SubscriberRows(dataSource);
        String sender = SubscriberRows.newNumber("5");
        String recipient = SubscriberRows.newNumber("6");
        rows.subscriber(sender, "sender-secret");
        rows.subscriber(recipient, "recipient-secret");
        try (RawSipClient client = new RawSipClient("127.0.0.1", server.udpPort())) {
            assertEquals(202, ProxyAnswersTest.authorized(client, sender, sender, recipient, "sender-secret"));
        }
        assertEquals(List.of("message"), pushes(recipient, 1));
        assertEquals(1, rows.count("SELECT COUNT(*) FROM message_store WHERE aor = ?", recipient));
        try (WakingPhone phone = new WakingPhone(server.udpPort(), recipient)) {
            phone.register("recipient-secret");
            String text = phone.takeText();
            assertTrue(text.contains("From: <sip:" + sender + "@"), "from the original sender: " + text);
            assertTrue(text.contains("Date: "), "with the time it was sent");
        }
        for (int i = 0; i < 30 && rows.count("SELECT COUNT(*) FROM message_store WHERE aor = ?", recipient) > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, rows.count("SELECT COUNT(*) FROM message_store WHERE aor = ?", recipient), "forgotten once delivered");
    }

    private static String token(String number) {
        return Jwt.issuer("webphone").subject(number).upn(number).groups(Set.of("device"))
                .expiresAt(Instant.now().plusSeconds(3600)).sign("test-token-private.pem");
    }

    private static String messages(Sipp sipp) throws Exception {
        try (Stream<Path> files = Files.list(sipp.work)) {
            return Files.readString(files.filter(f -> f.getFileName().toString().endsWith("_messages.log")).findFirst().orElseThrow());
        }
    }
}
