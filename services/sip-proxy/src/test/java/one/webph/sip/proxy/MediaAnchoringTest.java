package one.webph.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;

/** Calls with their media anchored in a real relay (rtpengine over ng): offer, answer, delete. */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RtpengineRelay.class, restrictToAnnotatedClass = true)
class MediaAnchoringTest {

    @Inject
    SipServer server;

    @Inject
    AgroalDataSource dataSource;

    @Test
    @DisplayName("both phones see the relay's address in the other's SDP, and the relay forgets the call after the BYE")
    void mediaGoesThroughTheRelay() throws Exception {
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
        assertEquals(0, dialler.await(), "the call went through (see " + dialler.work + ")");
        assertEquals(0, phone.await(), "the callee answered (see " + phone.work + ")");

        assertRelayPort(messages(phone.work), "INVITE sip:", "the callee's offer");
        assertRelayPort(messages(dialler.work), "SIP/2.0 200 OK", "the caller's answer");
        Thread.sleep(500);
        one.webph.ng.NgMessage list = ngList();
        assertEquals("ok", list.string("result").orElse(""));
        assertEquals(java.util.List.of(), list.list("calls"), "rtpengine holds no call after the BYE");
    }

    private static void assertRelayPort(String trace, String firstLine, String what) {
        int start = trace.indexOf(firstLine);
        int invite = trace.indexOf("m=audio", start);
        assertTrue(start >= 0 && invite > 0, what + " in the trace");
        Matcher port = Pattern.compile("m=audio (\\d+) RTP/AVP").matcher(trace.substring(invite));
        assertTrue(port.find(), what + " has an m=audio line");
        int value = Integer.parseInt(port.group(1));
        assertTrue(value >= RtpengineRelay.PORT_MIN && value <= RtpengineRelay.PORT_MAX, what + " uses a relay port, not the phone's: " + value);
    }

    private static String messages(Path work) throws Exception {
        try (Stream<Path> files = Files.list(work)) {
            return Files.readString(files.filter(f -> f.getFileName().toString().endsWith("_messages.log")).findFirst().orElseThrow());
        }
    }

    /** rtpengine's answer to an ng "list" command (the calls it holds). */
    private static one.webph.ng.NgMessage ngList() throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            byte[] query = "c1 d7:command4:liste".getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(query, query.length, new InetSocketAddress("127.0.0.1", RtpengineRelay.ngPort)));
            DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
            socket.receive(reply);
            return one.webph.ng.NgMessage.parse(reply.getData(), 0, reply.getLength());
        }
    }
}
