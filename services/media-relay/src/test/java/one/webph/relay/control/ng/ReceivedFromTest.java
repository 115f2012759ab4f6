package one.webph.relay.control.ng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.ng.NgMessage;
import one.webph.relay.session.IpLiteral;
import one.webph.relay.session.LegTransport;
import one.webph.relay.session.SignalledSource;

class ReceivedFromTest {

    private static final LegTransport PLAIN = LegTransport.PLAIN;

    @Test
    @DisplayName("received-from [IP4, address] without trust-address: the relay expects media from it where the SDP cannot be trusted")
    void receivedFromIsUsedWithoutTrustAddress() {
        SignalledSource source = ReceivedFrom.read(message(Map.of("received-from", List.of("IP4", "203.0.113.7"))), PLAIN);
        assertNotNull(source);
        assertEquals("203.0.113.7", source.address().getHostAddress());
        assertFalse(source.always());
        assertEquals(IpLiteral.parse("2001:db8::7"), ReceivedFrom.read(message(Map.of("received from", List.of("IP6", "2001:db8::7"))), PLAIN)
                .address(), "rtpengine's spelling with a space");
        assertEquals("203.0.113.7", ReceivedFrom.read(message(Map.of("received-from", "203.0.113.7")), PLAIN)
                .address().getHostAddress(), "a bare address, as rtpengine also takes it");
    }

    @Test
    @DisplayName("trust-address, an ICE sender or no received-from: the SDP's addresses are taken as they are")
    void sdpTrusted() {
        Map<String, Object> from = Map.of("received-from", List.of("IP4", "203.0.113.7"));
        assertNull(ReceivedFrom.read(message(from, "trust address"), PLAIN));
        assertNull(ReceivedFrom.read(message(from), new LegTransport("UDP/TLS/RTP/SAVPF", true, true, true)),
                "ICE checks prove where a sender is; rtpengine ignores received-from then too");
        assertNull(ReceivedFrom.read(message(Map.of()), PLAIN));
    }

    @Test
    @DisplayName("SIP-source-address always uses received-from, and without one is refused")
    void sipSourceAddress() {
        SignalledSource source = ReceivedFrom.read(message(Map.of("received-from", List.of("IP4", "203.0.113.7")),
                "SIP-source-address"), PLAIN);
        assertTrue(source.always());
        NgException missing = assertThrows(NgException.class, () -> ReceivedFrom.read(message(Map.of(), "SIP source address"), PLAIN));
        assertTrue(missing.getMessage().contains("received-from"), missing.getMessage());
    }

    @Test
    @DisplayName("a malformed received-from is refused: wrong shape, a host name, a family that does not match")
    void malformedReceivedFrom() {
        assertThrows(NgException.class, () -> ReceivedFrom.read(message(Map.of("received-from", List.of("IP4"))), PLAIN));
        assertThrows(NgException.class, () -> ReceivedFrom.read(message(Map.of("received-from", List.of("IP4", 7L))), PLAIN));
        assertThrows(NgException.class, () -> ReceivedFrom.read(message(Map.of("received-from", List.of("IP4", "proxy.example.net"))), PLAIN));
        assertThrows(NgException.class, () -> ReceivedFrom.read(message(Map.of("received-from", List.of("IP6", "203.0.113.7"))), PLAIN));
        assertThrows(NgException.class, () -> ReceivedFrom.read(message(Map.of("received-from", List.of("IPX", "203.0.113.7"))), PLAIN));
        assertThrows(NgException.class, () -> ReceivedFrom.read(message(Map.of("received-from", List.of("IP4", "proxy.example.net")),
                "trust-address"), PLAIN), "refused whatever the flags: the controller is misconfigured");
    }

    @Test
    @DisplayName("direction takes two interface names (and from-interface/to-interface/interface one each); anything else is refused")
    void direction() {
        assertEquals(List.of("internal", "external"), InterfaceDirection.read(message(Map.of("direction", List.of("internal", "external")))));
        assertEquals(List.of("pub"), InterfaceDirection.read(message(Map.of("interface", "pub"))));
        assertEquals(List.of(), InterfaceDirection.read(message(Map.of())));
        assertThrows(NgException.class, () -> InterfaceDirection.read(message(Map.of("direction", List.of("internal")))));
        assertThrows(NgException.class, () -> InterfaceDirection.read(message(Map.of("direction", List.of("a", "b", "c")))));
        assertThrows(NgException.class, () -> InterfaceDirection.read(message(Map.of("direction", List.of("a", 1L)))));
        assertThrows(NgException.class, () -> InterfaceDirection.read(message(Map.of("direction", "internal"))));
        assertThrows(NgException.class, () -> InterfaceDirection.read(message(Map.of("from-interface", List.of("x")))));
    }

    /** Encoded and parsed, so keys and flags are normalized as on the wire. */
    private static NgMessage message(Map<String, Object> keys, String... flags) {
        Map<String, Object> dictionary = new LinkedHashMap<>(keys);
        dictionary.put("command", "offer");
        if (flags.length > 0) {
            dictionary.put("flags", List.of(flags));
        }
        byte[] datagram = NgMessage.encode("c", dictionary);
        return NgMessage.parse(datagram, 0, datagram.length);
    }
}
