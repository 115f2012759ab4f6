package one.webph.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessageParserTest {

    static final List<TortureMessages.Message> TORTURE = TortureMessages.ALL;

    static List<String> everyday() {
        return List.of("REGISTER sip:webphone.test SIP/2.0\r\n"
                        + "v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1;rport\r\n"
                        + "f: <sip:100@webphone.test>;tag=abc\r\nt: <sip:100@webphone.test>\r\ni: c-1\r\nCSeq: 2 REGISTER\r\n"
                        + "m: <sip:100@192.0.2.1>;expires=600\r\nmax-forwards: 70\r\nAuthorization: Digest username=\"100\", "
                        + "realm=\"webphone.test\", nonce=\"n\", uri=\"sip:webphone.test\", response=\"00112233445566778899aabbccddeeff\"\r\n"
                        + "USER-AGENT: test\r\nSupported: path, outbound\r\nAllow: INVITE, ACK\r\nX-Other: kept\r\nl: 0\r\n\r\n",
                "INVITE sip:200@webphone.test SIP/2.0\r\nVia: SIP/2.0/WSS abc.invalid;branch=z9hG4bK-9\r\n"
                        + "Route: <sip:proxy.webphone.test;lr>\r\nRecord-Route: <sip:rr.test;lr>\r\nFrom: <sip:100@webphone.test>;tag=x\r\n"
                        + "To: <sip:200@webphone.test>\r\nCall-ID: c-2\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContact: <sip:a@abc.invalid;transport=ws>\r\n"
                        + "Proxy-Authorization: Digest username=\"100\", realm=\"r\", nonce=\"n\", uri=\"sip:200@webphone.test\", response=\"00\"\r\n"
                        + "Expires: 60\r\nc: application/sdp\r\nContent-Length: 4\r\n\r\nv=0\n",
                "INVITE sip:200@webphone.test SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-3\r\nFrom: <sip:100@webphone.test>;tag=x\r\n"
                        + "To: <sip:200@webphone.test>\r\nCall-ID: c-3\r\nCSeq: 1 INVITE\r\nContact: not an address <\r\nMax-Forwards: 70\r\n"
                        + "Content-Length: 0\r\n\r\n");
    }

    @ParameterizedTest
    @FieldSource("TORTURE")
    void aTortureMessageParsesAsWithJainSipsOwnParser(TortureMessages.Message message) {
        assertSameOutcome(message.bytes());
    }

    @ParameterizedTest
    @MethodSource("everyday")
    void anEverydayMessageParsesAsWithJainSipsOwnParser(String message) {
        assertSameOutcome(message.getBytes(StandardCharsets.UTF_8));
    }

    /** The same message (or the same failure), and the same fields reported to the listener, with the same class. */
    private static void assertSameOutcome(byte[] bytes) {
        List<String> ours = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        assertEquals(outcome(new StringMsgParser(), bytes, theirs), outcome(new MessageParser(), bytes, ours));
        assertEquals(theirs, ours, "fields reported as unparsable");
        assertEquals(outcome(new StringMsgParser(), bytes, null), outcome(new MessageParser(), bytes, null), "without a listener");
    }

    private static String outcome(StringMsgParser parser, byte[] bytes, List<String> reported) {
        ParseExceptionListener listener = reported == null ? null : (error, message, headerClass, header, raw) -> {
            reported.add((headerClass == null ? "-" : headerClass.getSimpleName()) + " " + header);
            message.addUnparsed(header);
        };
        try {
            SIPMessage message = parser.parseSIPMessage(bytes, true, false, listener);
            return message == null ? "null" : assertInstanceOf(SIPMessage.class, message).encode();
        } catch (Exception e) {
            // JAIN-SIP's messages may name a char[] by its identity ("[C@1b2c3d").
            return "failed: " + e.getClass().getSimpleName() + " " + String.valueOf(e.getMessage()).replaceAll("\\[C@\\p{XDigit}+", "[C@");
        }
    }
}
