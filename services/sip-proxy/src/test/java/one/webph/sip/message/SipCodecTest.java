package one.webph.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SipCodecTest {

    private static final String REGISTER = "REGISTER sip:webphone.test SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1;rport\r\n"
            + "Via: SIP/2.0/UDP 198.51.100.2:5060;branch=z9hG4bK-2\r\n"
            + "From: <sip:100@webphone.test>;tag=abc\r\n"
            + "To: \"Ana\" <sip:100@webphone.test>;x-note=kept\r\n"
            + "Call-ID: call-1@192.0.2.1\r\n"
            + "CSeq: 7 REGISTER\r\n"
            + "Contact: <sip:100@192.0.2.1:5060>\r\n"
            + "Max-Forwards: 70\r\n"
            + "Content-Length: 0\r\n\r\n";

    @Test
    void aSharedResponseCarriesTheRequestsTransactionFieldsAndTagsOnlyItsOwnTo() throws Exception {
        SIPRequest request = parse(REGISTER);
        SIPResponse shared = SipCodec.respondSharing(request, 401, "Unauthorized");
        SIPResponse copied = SipCodec.respond(request, 401, "Unauthorized");

        SIPResponse reparsed = (SIPResponse) new gov.nist.javax.sip.parser.StringMsgParser()
                .parseSIPMessage(SipCodec.encode(shared), true, false, null);
        assertEquals(401, reparsed.getStatusCode());
        assertEquals("Unauthorized", reparsed.getReasonPhrase());
        for (String name : new String[] {"Via", "From", "Call-ID", "CSeq"}) {
            assertEquals(text(copied, name), text(reparsed, name), name + " as createResponse copies it");
        }
        assertEquals(2, reparsed.getViaHeaders().size());
        assertNotNull(reparsed.getTo().getTag(), "a To-tag of its own");
        assertEquals("kept", reparsed.getTo().getParameter("x-note"));
        assertEquals(request.getTo().getAddress().toString(), reparsed.getTo().getAddress().toString());
        assertNull(request.getTo().getTag(), "the request's To is left as it came");
        assertTrue(SipCodec.encode(shared).length > 0);
    }

    @Test
    void aToThatHasATagKeepsIt() throws Exception {
        SIPRequest request = parse(REGISTER.replace(";x-note=kept", ";tag=dialog-1"));
        SIPResponse shared = SipCodec.respondSharing(request, 200, "OK");
        assertEquals("dialog-1", shared.getTo().getTag());
    }

    @Test
    void aRegisterWithCredentialsIsToldByItsBytesBeforeAnyParse() {
        String authorized = REGISTER.replace("Max-Forwards", "Authorization: Digest username=\"100\"\r\nMax-Forwards");
        assertTrue(SipCodec.isRegisterWithCredentials(bytes(authorized)));
        assertTrue(SipCodec.isRegisterWithCredentials(bytes(REGISTER.replace("Max-Forwards", "AUTHORIZATION  : Digest x=1\r\nMax-Forwards"))),
                "any case, blanks before the colon");
        assertFalse(SipCodec.isRegisterWithCredentials(bytes(REGISTER)));
        assertFalse(SipCodec.isRegisterWithCredentials(bytes(REGISTER.replace("Max-Forwards", "X-Authorization: no\r\nMax-Forwards"))),
                "another field whose name ends alike");
        assertFalse(SipCodec.isRegisterWithCredentials(bytes(REGISTER.replace("Content-Length: 0\r\n\r\n",
                "Content-Length: 26\r\n\r\nAuthorization: in the body"))), "the body is not the header");
        assertFalse(SipCodec.isRegisterWithCredentials(bytes(authorized.replace("REGISTER sip:", "register sip:"))), "methods are case-sensitive");
        assertFalse(SipCodec.isRegisterWithCredentials(bytes(authorized.replace("REGISTER sip:", "INVITE sip:"))), "an INVITE stays on its loop");
        assertFalse(SipCodec.isRegisterWithCredentials(bytes("SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\nAuthorization: x\r\n\r\n")));
        assertFalse(SipCodec.isRegisterWithCredentials(bytes("REGISTER")));
        assertFalse(SipCodec.isRegisterWithCredentials(bytes("")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static SIPRequest parse(String text) {
        SipCodec.Parsed parsed = SipCodec.parse(text.getBytes(StandardCharsets.UTF_8));
        return assertInstanceOf(SipCodec.Request.class, parsed).request();
    }

    private static String text(SIPResponse response, String name) {
        StringBuilder all = new StringBuilder();
        response.getHeaders(name).forEachRemaining(header -> all.append(header));
        return all.toString();
    }
}
