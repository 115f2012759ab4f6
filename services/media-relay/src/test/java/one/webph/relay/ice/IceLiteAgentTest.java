package one.webph.relay.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.HexFormat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IceLiteAgentTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String RFC5769_PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    /** RFC 5769 section 2.1: sample request with SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, integrity and fingerprint. */
    private static final byte[] RFC5769_REQUEST = HEX.parseHex(
            "000100582112a442b7e7a701bc34d686fa87dfae"
            + "802200105354554e207465737420636c69656e74"
            + "002400046e0001ff"
            + "80290008932ff9b151263b36"
            + "000600096576746a3a68367659202020"
            + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
            + "80280004e57a3bcf");
    /** RFC 5769 section 2.2: sample IPv4 response, mapped address 192.0.2.1:32853. */
    private static final byte[] RFC5769_RESPONSE = HEX.parseHex(
            "0101003c2112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "002000080001a147e112a643"
            + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
            + "80280004c07d4c96");

    private static final InetSocketAddress BROWSER = new InetSocketAddress("192.0.2.1", 32853);

    @Test
    @DisplayName("RFC 5769 sample request: username read, MESSAGE-INTEGRITY and FINGERPRINT verified")
    void verifiesRfc5769Request() {
        StunMessage message = StunMessage.parse(RFC5769_REQUEST, 0, RFC5769_REQUEST.length);
        assertNotNull(message);
        assertEquals(StunMessage.BINDING_REQUEST, message.type());
        assertEquals("evtj:h6vY", message.username());
        assertTrue(message.integrityMatches(RFC5769_PASSWORD));
        assertFalse(message.integrityMatches("wrong password"));
        assertTrue(message.fingerprintMatches());
    }

    @Test
    @DisplayName("RFC 5769 sample IPv4 response: integrity and fingerprint verified; our XOR-MAPPED-ADDRESS encodes the same bytes")
    void matchesRfc5769Response() {
        StunMessage message = StunMessage.parse(RFC5769_RESPONSE, 0, RFC5769_RESPONSE.length);
        assertNotNull(message);
        assertTrue(message.integrityMatches(RFC5769_PASSWORD));
        assertTrue(message.fingerprintMatches());
        byte[] id = message.transactionId();
        byte[] ours = new StunWriter(StunMessage.BINDING_SUCCESS, id).xorMappedAddress(BROWSER, id).finish();
        assertEquals("002000080001a147e112a643", HEX.formatHex(ours, 20, ours.length));
    }

    @Test
    @DisplayName("the agent answers the RFC 5769 request from its owner of the password: authenticated, signed reply")
    void answersAuthenticatedRequest() {
        IceLiteAgent agent = new IceLiteAgent(new IceLiteAgent.Credentials("evtj", RFC5769_PASSWORD));
        IceLiteAgent.Outcome outcome = agent.handle(RFC5769_REQUEST, 0, RFC5769_REQUEST.length, BROWSER);
        assertTrue(outcome.authenticated());
        assertFalse(outcome.nominated());
        StunMessage reply = StunMessage.parse(outcome.reply(), 0, outcome.reply().length);
        assertEquals(StunMessage.BINDING_SUCCESS, reply.type());
        assertTrue(reply.integrityMatches(RFC5769_PASSWORD));
        assertTrue(reply.fingerprintMatches());
        assertEquals(HEX.formatHex(RFC5769_REQUEST, 8, 20), HEX.formatHex(reply.transactionId()));
    }

    @Test
    @DisplayName("a request signed with the wrong password, for another ufrag, or unsigned gets no answer and is not authenticated")
    void refusesBadIntegrity() {
        IceLiteAgent agent = new IceLiteAgent(new IceLiteAgent.Credentials("ours", "our-password-of-22-chars"));
        for (byte[] request : new byte[][] {
                IceLiteAgent.bindingRequest("ours:theirs", "not-the-password-at-all", true),
                IceLiteAgent.bindingRequest("other:theirs", "our-password-of-22-chars", true),
                new StunWriter(StunMessage.BINDING_REQUEST, new byte[12]).withFingerprint()}) {
            IceLiteAgent.Outcome outcome = agent.handle(request, 0, request.length, BROWSER);
            assertFalse(outcome.authenticated());
            assertNull(outcome.reply());
        }
    }

    @Test
    @DisplayName("a corrupted fingerprint or a non-request is ignored without reply")
    void ignoresNonsense() {
        IceLiteAgent agent = new IceLiteAgent(new IceLiteAgent.Credentials("ours", "our-password-of-22-chars"));
        byte[] request = IceLiteAgent.bindingRequest("ours:theirs", "our-password-of-22-chars", false);
        request[request.length - 1] ^= 1;
        assertNull(agent.handle(request, 0, request.length, BROWSER).reply());
        assertNull(agent.handle(RFC5769_RESPONSE, 0, RFC5769_RESPONSE.length, BROWSER).reply());
        byte[] rtp = new byte[40];
        rtp[0] = (byte) 0x80;
        assertNull(agent.handle(rtp, 0, rtp.length, BROWSER).reply());
    }

    @Test
    @DisplayName("USE-CANDIDATE marks the pair nominated; after an ICE restart the new credentials work and old checks in flight still do")
    void nominationAndRestart() {
        IceLiteAgent agent = new IceLiteAgent(new IceLiteAgent.Credentials("old1", "old-password-0123456789"));
        byte[] nominate = IceLiteAgent.bindingRequest("old1:b", "old-password-0123456789", true);
        assertTrue(agent.handle(nominate, 0, nominate.length, BROWSER).nominated());
        agent.restart(new IceLiteAgent.Credentials("new1", "new-password-0123456789"));
        byte[] late = IceLiteAgent.bindingRequest("old1:b", "old-password-0123456789", false);
        assertTrue(agent.handle(late, 0, late.length, BROWSER).authenticated());
        byte[] fresh = IceLiteAgent.bindingRequest("new1:c", "new-password-0123456789", false);
        assertTrue(agent.handle(fresh, 0, fresh.length, BROWSER).authenticated());
        byte[] stale = IceLiteAgent.bindingRequest("old1:b", "old-password-0123456789", false);
        assertFalse(agent.handle(stale, 0, stale.length, BROWSER).authenticated(), "old credentials end once the new ones are used");
    }
}
