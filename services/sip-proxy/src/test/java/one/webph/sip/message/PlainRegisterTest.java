package one.webph.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import javax.sip.header.MaxForwardsHeader;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlainRegisterTest {

    private static final String CHALLENGE = "WWW-Authenticate: Digest realm=\"webphone.test\", nonce=\"n0nce\", qop=\"auth\", algorithm=MD5";

    /** First REGISTERs as real clients send them (the bench's sipp, JsSIP, SIP.js, baresip, a Linphone-like phone). */
    static final List<String> CLIENTS = List.of(
            "REGISTER sip:bench.local SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:5076;branch=z9hG4bK-16691-1-0\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:55500000001@bench.local>;tag=1\r\n"
                    + "To: <sip:55500000001@bench.local>\r\n"
                    + "Call-ID: 1-16691@127.0.0.1\r\n"
                    + "CSeq: 1 REGISTER\r\n"
                    + "Contact: <sip:55500000001@127.0.0.1:5076;transport=UDP>\r\n"
                    + "Expires: 3600\r\n"
                    + "User-Agent: sipp-bench\r\n"
                    + "Content-Length: 0\r\n\r\n",
            "REGISTER sip:webphone.test SIP/2.0\r\n"
                    + "Via: SIP/2.0/WSS 8fmr2v3mvc9a.invalid;branch=z9hG4bK3562957\r\n"
                    + "Max-Forwards: 69\r\n"
                    + "To: <sip:100@webphone.test>\r\n"
                    + "From: \"Ana\" <sip:100@webphone.test>;tag=r9lmqs5o2u\r\n"
                    + "Call-ID: 7gm6esvf1mfb3gcdstt1ei\r\n"
                    + "CSeq: 1 REGISTER\r\n"
                    + "Contact: <sip:j1bb1h5k@8fmr2v3mvc9a.invalid;transport=ws>;+sip.ice;reg-id=1;"
                    + "+sip.instance=\"<urn:uuid:0d4d9a4f-5c8e-4e6a-9d1e-6f0f5b1d2c3a>\";expires=600\r\n"
                    + "Expires: 600\r\n"
                    + "Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY\r\n"
                    + "Supported: path,gruu,outbound\r\n"
                    + "User-Agent: JsSIP 3.10.1\r\n"
                    + "Content-Length: 0\r\n\r\n",
            "REGISTER sip:webphone.test SIP/2.0\r\n"
                    + "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK8187817\r\n"
                    + "To: <sip:101@webphone.test>\r\n"
                    + "From: <sip:101@webphone.test>;tag=t6p3jmk2b6\r\n"
                    + "CSeq: 1 REGISTER\r\n"
                    + "Call-ID: u4ehdt2dqhnpm0a6kktb\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "Contact: <sip:q7c1cfqm@df7jal23ls0d.invalid;transport=ws>;expires=600\r\n"
                    + "Expires: 600\r\n"
                    + "Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER\r\n"
                    + "Supported: outbound, path, gruu\r\n"
                    + "User-Agent: SIP.js/0.21.2\r\n"
                    + "Content-Length: 0\r\n\r\n",
            "REGISTER sip:127.0.0.1:5060 SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:40411;branch=z9hG4bK2f3ac8f7e5a2c4b1;rport\r\n"
                    + "Contact: <sip:102-0x55d0@127.0.0.1:40411;transport=udp>;expires=3600\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "To: <sip:102@webphone.test>\r\n"
                    + "From: <sip:102@webphone.test>;tag=4c5e9ab3d7\r\n"
                    + "Call-ID: 0d2bbd2a9cf0f1ee\r\n"
                    + "CSeq: 20547 REGISTER\r\n"
                    + "User-Agent: baresip v3.1.0 (x86_64/linux)\r\n"
                    + "Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,UPDATE,REFER\r\n"
                    + "Supported: replaces,norefersub\r\n"
                    + "Content-Length: 0\r\n\r\n",
            "REGISTER sip:webphone.test SIP/2.0\r\n"
                    + "v: SIP/2.0/TCP 192.0.2.7:5060;branch=z9hG4bK.Qx2o~9;rport=5060;received=198.51.100.1;alias\r\n"
                    + "f: Bea Lima <sip:103@webphone.test>;tag=xYz.1\r\n"
                    + "t: Bea Lima <sip:103@webphone.test>\r\n"
                    + "i: abc.def-123@192.0.2.7\r\n"
                    + "CSeq: 21 REGISTER\r\n"
                    + "m: <sip:103@192.0.2.7;transport=tcp>;pn-provider=fcm;pn-prid=cX9-_.kQ;pn-param=\"1:2345:android:abc\", <sip:103@192.0.2.7:5062>;q=0.5\r\n"
                    + "Accept: application/sdp\r\n"
                    + "l: 0\r\n\r\n");

    @ParameterizedTest
    @FieldSource("CLIENTS")
    @DisplayName("the first REGISTER of each client is answered from its text as the full parse would answer it")
    void commonClientsAreAnsweredLikeTheFullParseWould(String message) {
        assertAnswersLikeTheFullParse(message, "203.0.113.9", 41000);
        assertAnswersLikeTheFullParse(message, "127.0.0.1", 5076);
    }

    @Test
    void theAnswerNotesWhereTheRequestCameFromOnItsVia() {
        String answer = answerTo(CLIENTS.get(3), "198.51.100.4", 40999);
        assertTrue(answer.contains("\r\nVia: SIP/2.0/UDP 127.0.0.1:40411;branch=z9hG4bK2f3ac8f7e5a2c4b1;rport=40999;received=198.51.100.4\r\n"), answer);
        String fromItsOwnHost = answerTo(CLIENTS.get(0), "127.0.0.1", 5076);
        assertTrue(fromItsOwnHost.contains("\r\nVia: SIP/2.0/UDP 127.0.0.1:5076;branch=z9hG4bK-16691-1-0\r\n"), fromItsOwnHost);
        assertTrue(fromItsOwnHost.startsWith("SIP/2.0 401 Unauthorized\r\n"));
        assertTrue(fromItsOwnHost.endsWith(CHALLENGE + "\r\nContent-Length: 0\r\n\r\n"), fromItsOwnHost);
    }

    /** Changes to the sipp REGISTER that put it outside the plain forms: parsed in full instead. */
    @ParameterizedTest
    @ValueSource(strings = {
        "CSeq: 1 REGISTER=>CSeq: 1 INVITE", "REGISTER sip=>INVITE sip", "Expires: 3600=>Authorization: Digest username=\"1\"",
        "Expires: 3600=>Route: <sip:127.0.0.1;lr>", "Expires: 3600=>Proxy-Require: foo", "Expires: 3600=>Require: foo",
        "Max-Forwards: 70=>Max-Forwards: 0", "Max-Forwards: 70=>Max-Forwards: 256", "To: <sip:55500000001@bench.local>=>To: <sip:55500000001@bench.local>;tag=9",
        "Via: SIP/2.0/UDP 127.0.0.1:5076;branch=z9hG4bK-16691-1-0=>Via: SIP/2.0/UDP 127.0.0.1:5076;branch=z9hG4bK-16691-1-0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-2",
        "branch=z9hG4bK-16691-1-0=>branch=z9hG4bK", "branch=z9hG4bK-16691-1-0=>branch=abc", "127.0.0.1:5076;branch=>[::1]:5076;branch=",
        "127.0.0.1:5076;branch=>127.0.0.256:5076;branch=", "Contact: <sip=>Contact: sip", "Contact: <sip:55500000001@=>Contact: <sip:5550%zz@",
        "Content-Length: 0\r\n\r\n=>Content-Length: 4\r\n\r\nabcd", "User-Agent: sipp-bench=>Date: Sat, 13 Nov 2010 23:29:00 GMT",
        "From: <sip=>From: \"A\\\"B\" <sip", "Call-ID: 1-16691@127.0.0.1=>Call-ID: a b", "REGISTER sip:bench.local=>REGISTER sip:bench.local?x=y",
        "SIP/2.0/UDP=>SIP/2.0/udp", "Expires: 3600=>Expires: 1e3", "Contact: <sip:55500000001@127.0.0.1:5076;transport=UDP>=>Contact: *"})
    void aRequestOutsideThePlainFormsIsLeftToTheFullParse(String change) {
        String[] fromTo = change.split("=>", 2);
        String changed = CLIENTS.get(0).replace(fromTo[0], fromTo[1]);
        assertTrue(!changed.equals(CLIENTS.get(0)), "the change applies: " + change);
        assertNull(PlainRegister.read(changed.getBytes(StandardCharsets.ISO_8859_1)), change);
    }

    @Test
    void noTortureMessageIsAnsweredOtherwiseThanTheFullParseWould() {
        for (TortureMessages.Message message : TortureMessages.ALL) {
            byte[] bytes = message.bytes();
            if (PlainRegister.read(bytes) != null) {
                assertAnswersLikeTheFullParse(new String(bytes, StandardCharsets.ISO_8859_1), "192.0.2.200", 5060);
            }
        }
    }

    /**
     * Random damage to the clients' REGISTERs, the characters the grammar treats specially
     * inserted, replaced and deleted anywhere: whatever is still read as a plain REGISTER must be
     * one the full parse accepts and would challenge, with the same answer. Seeded, so a failure
     * repeats.
     */
    @Test
    void whateverIsReadAsPlainTheFullParseAcceptsAndAnswersAlike() {
        String special = " \t\r\n,;:\"<>@=%\\?/[]&.-+*'`~!()0129aZ\u0080\u00ff";
        Random random = new Random(20261127);
        int plain = 0;
        for (int i = 0; i < 40_000; i++) {
            StringBuilder message = new StringBuilder(CLIENTS.get(random.nextInt(CLIENTS.size())));
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                int at = random.nextInt(message.length());
                switch (random.nextInt(3)) {
                    case 0 -> message.insert(at, special.charAt(random.nextInt(special.length())));
                    case 1 -> message.setCharAt(at, special.charAt(random.nextInt(special.length())));
                    default -> message.delete(at, Math.min(message.length(), at + 1 + random.nextInt(3)));
                }
            }
            if (PlainRegister.read(message.toString().getBytes(StandardCharsets.ISO_8859_1)) != null) {
                plain++;
                assertAnswersLikeTheFullParse(message.toString(), "192.0.2.200", 5060);
            }
        }
        assertTrue(plain > 1000, "enough damaged messages stayed plain to tell something: " + plain);
    }

    private static String answerTo(String message, String sourceHost, int sourcePort) {
        PlainRegister register = PlainRegister.read(message.getBytes(StandardCharsets.ISO_8859_1));
        assertNotNull(register, "read as a plain REGISTER:\n" + message);
        return new String(register.answer(401, "Unauthorized", sourceHost, sourcePort, List.of(CHALLENGE)), StandardCharsets.ISO_8859_1);
    }

    /** The full path: parse, checks of the stateless challenge, markReceived, respondSharing. */
    private static void assertAnswersLikeTheFullParse(String message, String sourceHost, int sourcePort) {
        String answer = answerTo(message, sourceHost, sourcePort);
        SipCodec.Parsed full = SipCodec.parse(message.getBytes(StandardCharsets.ISO_8859_1));
        SIPRequest request = assertInstanceOf(SipCodec.Request.class, full, () -> "the full parse accepts it (" + full + "):\n" + message).request();
        assertEquals("REGISTER", request.getMethod(), message);
        assertNull(request.getHeader("Authorization"), message);
        assertNull(request.getHeader("Route"), message);
        assertNull(request.getHeader("Proxy-Require"), message);
        assertTrue(request.getRequestURI() instanceof SipUri, message);
        assertEquals(1, request.getViaHeaders().size(), message);
        MaxForwardsHeader maxForwards = request.getMaxForwards();
        assertTrue(maxForwards == null || maxForwards.getMaxForwards() > 0, message);
        assertNull(request.getTo().getTag(), message);
        SipCodec.markReceived(request, sourceHost, sourcePort);
        SIPResponse expected = SipCodec.respondSharing(request, 401, "Unauthorized");

        SIPResponse actual = assertInstanceOf(SipCodec.Response.class, SipCodec.parse(answer.getBytes(StandardCharsets.ISO_8859_1)),
                () -> "the answer parses:\n" + answer).response();
        assertEquals(401, actual.getStatusCode());
        assertEquals(expected.getViaHeaders().encode(), actual.getViaHeaders().encode(), message);
        assertEquals(expected.getFrom().toString(), actual.getFrom().toString(), message);
        assertEquals(expected.getCallId().toString(), actual.getCallId().toString(), message);
        assertEquals(expected.getCSeq().toString(), actual.getCSeq().toString(), message);
        assertEquals(expected.getTo().getAddress().toString(), actual.getTo().getAddress().toString(), message);
        assertNotNull(actual.getTo().getTag(), answer);
        actual.getTo().removeParameter("tag");
        expected.getTo().removeParameter("tag");
        assertEquals(expected.getTo().toString(), actual.getTo().toString(), message);
        assertTrue(answer.contains("\r\n" + CHALLENGE + "\r\n"), answer);
    }
}
