package one.webph.relay.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.relay.dataplane.SourceRule;

class SignalledSourceTest {

    private static final SignalledSource FROM_PUBLIC = new SignalledSource(IpLiteral.parse("203.0.113.7"), false);

    @Test
    @DisplayName("a private SDP address is replaced by received-from, keeping the SDP's port, any port of that IP may latch")
    void privateSdpAddressUsesReceivedFrom() {
        SignalledSource.Endpoint endpoint = FROM_PUBLIC.endpoint("192.168.1.20", 4000);
        assertEquals(new InetSocketAddress("203.0.113.7", 4000), endpoint.address());
        assertEquals(SourceRule.ANNOUNCED_HOST, endpoint.rule());
        assertEquals(new InetSocketAddress("203.0.113.7", 4001), FROM_PUBLIC.endpoint("10.0.0.5", 4001).address());
        assertEquals(new InetSocketAddress("203.0.113.7", 4000), FROM_PUBLIC.endpoint("100.64.3.3", 4000).address(), "CGNAT");
        assertEquals(new InetSocketAddress("203.0.113.7", 4000), FROM_PUBLIC.endpoint("0.0.0.0", 4000).address(), "unspecified");
    }

    @Test
    @DisplayName("a public SDP address is kept, strictly, even when the SIP came from elsewhere (an SBC or a second proxy)")
    void publicSdpAddressIsKept() {
        SignalledSource.Endpoint elsewhere = FROM_PUBLIC.endpoint("198.51.100.9", 4000);
        assertEquals(new InetSocketAddress("198.51.100.9", 4000), elsewhere.address());
        assertEquals(SourceRule.ANNOUNCED_ONLY, elsewhere.rule());
        SignalledSource.Endpoint same = FROM_PUBLIC.endpoint("203.0.113.7", 4000);
        assertEquals(new InetSocketAddress("203.0.113.7", 4000), same.address());
        assertEquals(SourceRule.ANNOUNCED_ONLY, same.rule(), "a trusted public address keeps the strict RTP Bleed check");
        assertEquals(SourceRule.ANNOUNCED_HOST, FROM_PUBLIC.endpoint("sbc.example.net", 4000).rule(),
                "a host name is not resolved, so it cannot be trusted");
    }

    @Test
    @DisplayName("SIP-source-address replaces even a matching SDP address")
    void sipSourceAddressAlwaysReplaces() {
        SignalledSource always = new SignalledSource(IpLiteral.parse("203.0.113.7"), true);
        assertEquals(SourceRule.ANNOUNCED_HOST, always.endpoint("203.0.113.7", 4000).rule());
    }

    @Test
    @DisplayName("a trusted SDP address: public is strict, private latches on the first packet (as before received-from)")
    void trustedAddresses() {
        assertEquals(SourceRule.ANNOUNCED_ONLY, SignalledSource.trusted(IpLiteral.parse("198.51.100.9"), 4000).rule());
        assertEquals(SourceRule.ANYONE, SignalledSource.trusted(IpLiteral.parse("192.168.1.20"), 4000).rule());
        assertEquals(SourceRule.ANYONE, SignalledSource.trusted(IpLiteral.parse("fd00::1"), 4000).rule());
    }

    @Test
    @DisplayName("IP literals parse without DNS; names and garbage do not parse")
    void ipLiterals() {
        assertEquals(new InetSocketAddress("2001:db8:0:0:0:0:0:1", 0).getAddress(), IpLiteral.parse("2001:db8::1"));
        assertEquals("127.0.0.2", IpLiteral.parse(" 127.0.0.2 ").getHostAddress());
        assertNull(IpLiteral.parse("localhost"));
        assertNull(IpLiteral.parse("sbc.example.net"));
        assertNull(IpLiteral.parse("1.2.3"));
        assertNull(IpLiteral.parse("999.1.1.1"));
        assertTrue(IpLiteral.isBehindNat(IpLiteral.parse("172.16.0.1")));
    }
}
