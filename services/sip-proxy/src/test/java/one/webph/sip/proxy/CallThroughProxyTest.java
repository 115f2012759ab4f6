package one.webph.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.nio.file.Files;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;

/** Calls between two sipp phones through the proxy over UDP: digest, forking, Record-Route, BYE. */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class CallThroughProxyTest {

    @Inject
    SipServer server;

    @Inject
    AgroalDataSource dataSource;

    @Test
    @DisplayName("a local user calls a registered local number: 407, answer, ACK and BYE along the recorded route")
    void localCallWithAuthentication() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String caller = SubscriberRows.newNumber("5");
        String callee = SubscriberRows.newNumber("6");
        rows.subscriber(caller, "caller-secret");
        rows.subscriber(callee, "callee-secret");
        int phonePort = Sipp.freeUdpPort();
        rows.udpBinding(callee, phonePort);

        Sipp phone = Sipp.start("uas-answer.xml", null, phonePort, null);
        Thread.sleep(300);
        Sipp dialler = Sipp.dial("uac-call.xml", caller, "caller-secret", callee, server.udpPort());
        assertEquals(0, dialler.await(), "the caller's scenario completed (see " + dialler.work + ")");
        assertEquals(0, phone.await(), "the callee rang, answered and got the BYE (see " + phone.work + ")");
        try (Stream<java.nio.file.Path> files = Files.list(phone.work)) {
            String trace = Files.readString(files.filter(f -> f.getFileName().toString().endsWith("_messages.log")).findFirst().orElseThrow());
            org.junit.jupiter.api.Assertions.assertTrue(trace.contains("Record-Route: <sip:127.0.0.1:" + server.udpPort()),
                    "the callee saw our Record-Route");
        }
    }

    @Test
    @DisplayName("a re-INVITE (hold) inside the call goes along the recorded route, and so does the BYE")
    void reInviteInsideTheCall() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String caller = SubscriberRows.newNumber("5");
        String callee = SubscriberRows.newNumber("6");
        rows.subscriber(caller, "caller-secret");
        rows.subscriber(callee, "callee-secret");
        int phonePort = Sipp.freeUdpPort();
        rows.udpBinding(callee, phonePort);
        Sipp phone = Sipp.start("uas-answer-reinvite.xml", null, phonePort, null);
        Thread.sleep(300);
        Sipp dialler = Sipp.dial("uac-call-reinvite.xml", caller, "caller-secret", callee, server.udpPort());
        assertEquals(0, dialler.await(), "call, hold, hang up (see " + dialler.work + ")");
        assertEquals(0, phone.await(), "the callee took the re-INVITE and the BYE (see " + phone.work + ")");
    }

    @Test
    @DisplayName("a number with two phones rings both; the first answer wins and the other phone gets CANCEL")
    void forkingToTwoPhones() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String caller = SubscriberRows.newNumber("5");
        String callee = SubscriberRows.newNumber("6");
        rows.subscriber(caller, "caller-secret");
        rows.subscriber(callee, "callee-secret");
        int answeringPort = Sipp.freeUdpPort();
        int ringingPort = Sipp.freeUdpPort();
        rows.udpBinding(callee, answeringPort);
        rows.udpBinding(callee, ringingPort);
        Sipp answering = Sipp.start("uas-answer.xml", null, answeringPort, null);
        Sipp ringing = Sipp.start("uas-ring-cancelled.xml", null, ringingPort, null);
        Thread.sleep(300);
        Sipp dialler = Sipp.dial("uac-call.xml", caller, "caller-secret", callee, server.udpPort());
        assertEquals(0, dialler.await(), "the caller got one answer and hung up (see " + dialler.work + ")");
        assertEquals(0, answering.await(), "one phone answered (see " + answering.work + ")");
        assertEquals(0, ringing.await(), "the other rang and was cancelled (see " + ringing.work + ")");
    }
}
