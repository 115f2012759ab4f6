package one.webph.relay.control.ng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ng {@code received-from} on real sockets. Loopback has many addresses: 127.0.0.1 plays the
 * relay's own side and the attacker, 127.0.0.2 the public address of a phone's NAT.
 */
@QuarkusTest
class ReceivedFromRelayTest {

    @Inject
    NgServer server;

    @Test
    @DisplayName("a phone behind NAT (private c=): media goes to received-from with the SDP's port, only received-from's IP may latch, on any port")
    void privateSdpAddressExpectsMediaFromReceivedFrom() throws Exception {
        String callId = "nat-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); DatagramSocket alice = NgRelayTest.socket();
             DatagramSocket bobSdpPort = socket("127.0.0.2", 0); DatagramSocket bobNatPort = socket("127.0.0.2", 0);
             DatagramSocket attacker = NgRelayTest.socket()) {
            Map<String, Object> offer = ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "alice",
                    "sdp", NgClient.sdp(alice.getLocalPort()), "received-from", List.of("IP4", "127.0.0.1")));
            assertEquals("ok", offer.get("result"), () -> "offer: " + offer);
            Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "alice", "to-tag", "bob",
                    "sdp", sdp("192.168.1.20", bobSdpPort.getLocalPort()), "received-from", List.of("IP4", "127.0.0.2")));
            assertEquals("ok", answer.get("result"), () -> "answer: " + answer);
            InetSocketAddress towardAlice = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(answer));
            InetSocketAddress towardBob = new InetSocketAddress("127.0.0.1", NgClient.mediaPort(offer));

            NgRelayTest.send(alice, NgRelayTest.rtp(1, "before latching"), towardAlice);
            assertArrayEquals(NgRelayTest.rtp(1, "before latching"), NgRelayTest.receive(bobSdpPort),
                    "before bob sends, his media goes to received-from with his SDP's port, not to 192.168.1.20");

            for (int i = 0; i < 3; i++) {
                NgRelayTest.send(attacker, NgRelayTest.rtp(100 + i, "injected"), towardBob);
            }
            assertThrows(SocketTimeoutException.class, () -> NgRelayTest.receive(alice),
                    "a private c= no longer lets the first comer latch: the attacker is not at received-from");

            NgRelayTest.send(bobNatPort, NgRelayTest.rtp(2, "bob through his NAT"), towardBob);
            assertArrayEquals(NgRelayTest.rtp(2, "bob through his NAT"), NgRelayTest.receive(alice),
                    "bob's NAT chose another port: received-from's IP latches on any port");
            NgRelayTest.send(alice, NgRelayTest.rtp(3, "after latching"), towardAlice);
            assertArrayEquals(NgRelayTest.rtp(3, "after latching"), NgRelayTest.receive(bobNatPort), "media follows the latch");

            NgRelayTest.send(attacker, NgRelayTest.rtp(104, "injected"), towardBob);
            assertThrows(SocketTimeoutException.class, () -> NgRelayTest.receive(alice), "strict source after latching");
            assertThrows(SocketTimeoutException.class, () -> NgRelayTest.receive(attacker), "the attacker gets nothing back");
            String stats = String.valueOf(ng.send(Map.of("command", "query", "call-id", callId)));
            assertTrue(stats.contains("dropped wrong source=4"), stats);
        } finally {
            NgClient.delete(server.port(), callId);
        }
    }

    @Test
    @DisplayName("a routable c= that is not where the SIP came from (an SBC in between) is kept, with or without trust-address")
    void differingRoutableAddressIsKept() throws Exception {
        try (DatagramSocket atSdpAddress = socket("127.0.0.1", 0);
             DatagramSocket atReceivedFrom = socket("127.0.0.2", atSdpAddress.getLocalPort())) {
            int port = atSdpAddress.getLocalPort();
            assertEquals(atSdpAddress, whoHearsAlice(port, List.of(), atSdpAddress, atReceivedFrom));
            assertEquals(atSdpAddress, whoHearsAlice(port, List.of("trust-address"), atSdpAddress, atReceivedFrom));
        }
    }

    @Test
    @DisplayName("SIP-source-address without received-from, a malformed received-from or direction: result=error; direction with two names: ok")
    void refusals() throws Exception {
        try (NgClient ng = new NgClient(server.port())) {
            String callId = "flags-" + UUID.randomUUID();
            Map<String, Object> base = Map.of("command", "offer", "call-id", callId, "from-tag", "a", "sdp", NgClient.sdp(4000));
            assertEquals("error", ng.send(with(base, "flags", List.of("SIP-source-address"))).get("result"));
            assertEquals("error", ng.send(with(base, "received-from", List.of("IP4", "proxy.example.net"))).get("result"));
            assertEquals("error", ng.send(with(base, "direction", List.of("internal"))).get("result"));
            Map<String, Object> ok = ng.send(with(with(base, "direction", List.of("internal", "external")),
                    "received-from", List.of("IP4", "127.0.0.1")));
            assertEquals("ok", ok.get("result"), () -> "direction with two names: " + ok);
            ng.send(Map.of("command", "delete", "call-id", callId));
        }
    }

    /** Runs a call where bob's SDP says 127.0.0.1:port but his SIP came from 127.0.0.2; returns the socket alice's RTP reaches. */
    private DatagramSocket whoHearsAlice(int port, List<String> flags, DatagramSocket a, DatagramSocket b) throws Exception {
        String callId = "differ-" + UUID.randomUUID();
        try (NgClient ng = new NgClient(server.port()); DatagramSocket alice = NgRelayTest.socket()) {
            ng.send(Map.of("command", "offer", "call-id", callId, "from-tag", "alice", "sdp", NgClient.sdp(alice.getLocalPort())));
            Map<String, Object> answer = ng.send(Map.of("command", "answer", "call-id", callId, "from-tag", "alice", "to-tag", "bob",
                    "sdp", sdp("127.0.0.1", port), "received-from", List.of("IP4", "127.0.0.2"), "flags", flags));
            assertEquals("ok", answer.get("result"), () -> "answer: " + answer);
            NgRelayTest.send(alice, NgRelayTest.rtp(1, "hello"), new InetSocketAddress("127.0.0.1", NgClient.mediaPort(answer)));
            for (DatagramSocket candidate : List.of(a, b)) {
                try {
                    assertArrayEquals(NgRelayTest.rtp(1, "hello"), NgRelayTest.receive(candidate));
                    DatagramSocket other = candidate == a ? b : a;
                    assertThrows(SocketTimeoutException.class, () -> NgRelayTest.receive(other), "only one destination");
                    return candidate;
                } catch (SocketTimeoutException e) {
                    // not this one
                }
            }
            throw new AssertionError("alice's RTP reached neither address");
        } finally {
            NgClient.delete(server.port(), callId);
        }
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static String sdp(String address, int port) {
        return "v=0\r\no=- 1 1 IN IP4 " + address + "\r\ns=-\r\nc=IN IP4 " + address + "\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    private static DatagramSocket socket(String address, int port) throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, port));
        socket.setSoTimeout(700);
        return socket;
    }
}
