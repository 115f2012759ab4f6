package one.webph.relay.control.ng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.relay.session.CallRegistry;

@QuarkusTest
class NgRelayTest {

    @Inject
    NgServer server;

    @Inject
    CallRegistry calls;

    @Test
    @DisplayName("ping answers pong")
    void ping() throws Exception {
        try (NgClient ng = new NgClient(server.port())) {
            assertEquals("pong", ng.send(Map.of("command", "ping")).get("result"));
        }
    }

    @Test
    @DisplayName("offer/answer anchor a call: RTP flows both ways through the relay, counters count it, delete frees the ports")
    void relaysRtpBothWays() throws Exception {
        String callId = "call-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); DatagramSocket alice = socket(); DatagramSocket bob = socket()) {
            int freeBefore = settledFreePortPairs(calls);
            Map<String, Object> offer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "alice",
                    "sdp", NgClient.sdp(alice.getLocalPort()), "ICE", "remove", "replace", List.of("origin", "session-connection")));
            assertEquals("ok", offer.get("result"), () -> "offer: " + offer);
            Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "alice",
                    "to-tag", "bob", "sdp", NgClient.sdp(bob.getLocalPort())));
            assertEquals("ok", answer.get("result"), () -> "answer: " + answer);
            InetSocketAddress towardBob = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(offer));
            InetSocketAddress towardAlice = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(answer));
            assertTrue(towardBob.getPort() >= 23000 && towardBob.getPort() <= 23999);

            for (int i = 0; i < 20; i++) {
                send(alice, rtp(i, "from alice"), towardAlice);
                assertArrayEquals(rtp(i, "from alice"), receive(bob), "bob hears alice");
                send(bob, rtp(i, "from bob"), towardBob);
                assertArrayEquals(rtp(i, "from bob"), receive(alice), "alice hears bob");
            }

            Map<String, Object> query = ng.send(Map.of("command", "query", "call-id", callId));
            assertEquals(40L, ((Map<?, ?>) ((Map<?, ?>) query.get("totals")).get("RTP")).get("packets"));

            Map<String, Object> deleted = ng.send(Map.of("command", "delete", "call-id", callId, "from-tag", "alice"));
            assertEquals("ok", deleted.get("result"));
            assertPortsBack(calls, freeBefore, "every port is back");
            send(alice, rtp(99, "after delete"), towardAlice);
            assertThrows(SocketTimeoutException.class, () -> receive(bob));
        }
    }

    @Test
    @DisplayName("after latching, packets from another address get nothing through and are counted")
    void injectorGetsNothing() throws Exception {
        String callId = "call-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); DatagramSocket alice = socket(); DatagramSocket bob = socket();
             DatagramSocket attacker = socket()) {
            Map<String, Object> offer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "a", "sdp", NgClient.sdp(alice.getLocalPort())));
            Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "a", "to-tag", "b",
                    "sdp", NgClient.sdp(bob.getLocalPort())));
            InetSocketAddress towardAlice = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(answer));
            InetSocketAddress towardBob = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(offer));
            send(alice, rtp(1, "real"), towardAlice);
            assertArrayEquals(rtp(1, "real"), receive(bob));

            for (int i = 0; i < 5; i++) {
                send(attacker, rtp(100 + i, "injected"), towardAlice);
                send(attacker, rtp(200 + i, "injected"), towardBob);
            }
            assertThrows(SocketTimeoutException.class, () -> receive(bob), "nothing injected reaches bob");
            assertThrows(SocketTimeoutException.class, () -> receive(attacker), "the attacker learns nothing");
            send(alice, rtp(2, "still real"), towardAlice);
            assertArrayEquals(rtp(2, "still real"), receive(bob), "the real peer keeps its media");

            String stats = ng.send(Map.of("command", "query", "call-id", callId)).toString();
            assertTrue(stats.contains("dropped wrong source=5"), stats);
            ng.send(Map.of("command", "delete", "call-id", callId));
        }
    }

    @Test
    @DisplayName("malformed and incomplete messages get result=error with a reason; a retransmitted cookie gets the cached reply")
    void errorsAndRetransmissions() throws Exception {
        try (NgClient ng = new NgClient(server.port())) {
            Map<String, Object> garbage = ng.sendRaw("c1", "c1 d7:command".getBytes(StandardCharsets.ISO_8859_1), false);
            assertEquals("error", garbage.get("result"));
            assertTrue(String.valueOf(garbage.get("error-reason")).startsWith("Could not decode dictionary"));
            assertEquals("error", ng.send(Map.of("command", "offer", "from-tag", "x", "sdp", NgClient.sdp(4000))).get("result"));
            assertEquals("error", ng.send(Map.of("command", "offer", "call-id", "x", "from-tag", "x", "sdp", "nonsense")).get("result"));
            assertEquals("error", ng.send(Map.of("command", "dance")).get("result"));
            assertEquals("error", ng.send(Map.of("command", "answer", "call-id", "nope", "from-tag", "a", "to-tag", "b",
                    "sdp", NgClient.sdp(4000))).get("result"));
            assertEquals("error", ng.send(Map.of("command", "offer", "call-id", "srtp-" + UUID.randomUUID(), "from-tag", "a",
                    "sdp", NgClient.sdp(4000), "transport-protocol", "RTP/SAVP", "DTLS", "off")).get("result"),
                    "SRTP without DTLS would need SDES keys: refused, not faked");

            String callId = "retransmit-" + UUID.randomUUID();
            Map<String, Object> command = Map.of("command", "offer", "call-id", callId, "from-tag", "a", "sdp", NgClient.sdp(4000));
            Map<String, Object> first = ng.sendWithCookie("same-cookie-" + callId, command);
            Map<String, Object> again = ng.sendWithCookie("same-cookie-" + callId, command);
            assertEquals(first, again, "the same reply, the same ports");
            ng.send(Map.of("command", "delete", "call-id", callId));
        }
    }

    static DatagramSocket socket() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setSoTimeout(700);
        return socket;
    }

    static byte[] rtp(int sequence, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.US_ASCII);
        byte[] packet = new byte[12 + body.length];
        packet[0] = (byte) 0x80;
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        System.arraycopy(body, 0, packet, 12, body.length);
        return packet;
    }

    /**
     * Free pairs once the deletes of earlier tests have settled: their ports go back on the call's
     * loop just after the delete's reply, and counted mid-way they would make this test's count wrong.
     */
    static int settledFreePortPairs(CallRegistry calls) throws InterruptedException {
        int free = calls.freePortPairs();
        for (int quietReads = 0; quietReads < 5; ) {
            Thread.sleep(20);
            int now = calls.freePortPairs();
            quietReads = now == free ? quietReads + 1 : 0;
            free = now;
        }
        return free;
    }

    /** Ports go back once their sockets have closed on their loop, just after the delete's reply. */
    static void assertPortsBack(CallRegistry calls, int expectedFree, String message) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (calls.freePortPairs() != expectedFree && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expectedFree, calls.freePortPairs(), message);
    }

    static void send(DatagramSocket from, byte[] packet, InetSocketAddress to) throws Exception {
        from.send(new DatagramPacket(packet, packet.length, to));
    }

    static byte[] receive(DatagramSocket socket) throws Exception {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return java.util.Arrays.copyOf(packet.getData(), packet.getLength());
    }
}
