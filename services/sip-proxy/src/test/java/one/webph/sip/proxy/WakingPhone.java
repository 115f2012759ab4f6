package one.webph.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A phone that wakes up from a push: registers with digest from one UDP socket, then answers the
 * call that waited for it on the same socket and takes the BYE (what sipp cannot do in one
 * scenario, since it ties messages to calls by Call-ID).
 */
final class WakingPhone implements AutoCloseable {

    private final RawSipClient socket;
    private final String number;
    private String extraHeaders = "";
    private String contactUriParameters = "";
    private String instance = "00000000-0000-4000-8000-000000000001";
    private String callId;
    private long cseq;
    private String lastResponse;

    WakingPhone(int proxyPort, String number) throws Exception {
        this(proxyPort, number, "127.0.0.1");
    }

    WakingPhone(int proxyPort, String number, String localIp) throws Exception {
        this.socket = new RawSipClient(localIp, proxyPort);
        this.number = number;
    }

    /** Registers as if through an edge proxy at this phone's own address (RFC 3327 Path). */
    WakingPhone behindEdgeProxy() {
        extraHeaders = "Path: <sip:" + socket.localAddress() + ";lr>\r\n";
        return this;
    }

    /** Registers as another device (RFC 5626 +sip.instance) of the same number. */
    WakingPhone asDevice(int device) {
        instance = "00000000-0000-4000-8000-%012d".formatted(device);
        return this;
    }

    /** Sends its next REGISTERs with this Call-ID and CSeq (a fresh Call-ID each, CSeq 1, otherwise). */
    WakingPhone withCallIdAndCSeq(String callId, long cseq) {
        this.callId = callId;
        this.cseq = cseq;
        return this;
    }

    private String numbered(String register) {
        return callId == null ? register
                : register.replaceFirst("Call-ID: [^\r]*", "Call-ID: " + callId).replaceFirst("CSeq: 1 REGISTER", "CSeq: " + cseq + " REGISTER");
    }

    /** Adds parameters to the Contact URI of its registrations (";name=value..."). */
    WakingPhone withContactUriParameters(String parameters) {
        contactUriParameters = parameters;
        return this;
    }

    void register(String password) throws Exception {
        assertEquals(200, tryRegister(password), "registered");
    }

    /** The address its Contact URI names (user@host:port). */
    String contactAddress() {
        return number + "@" + socket.localAddress();
    }

    /** The final status of a registration with digest; 0 when the proxy does not answer. */
    int tryRegister(String password) throws Exception {
        String contact = "Contact: <sip:" + number + "@" + socket.localAddress() + contactUriParameters + ">;+sip.instance=\"<urn:uuid:" + instance + ">\"\r\nExpires: 300\r\n"
                + extraHeaders;
        String first = numbered(socket.request("REGISTER", number, number, contact).replaceFirst("REGISTER sip:" + number + "@", "REGISTER sip:"));
        socket.send(first);
        String challenge = socket.finalResponse();
        if (challenge == null) {
            return 0;
        }
        assertEquals(401, RawSipClient.status(challenge));
        Matcher nonce = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
        assertTrue(nonce.find());
        String uri = "sip:" + SubscriberRows.DOMAIN;
        String ha1 = ProxyAnswersTest.md5(number + ":" + SubscriberRows.DOMAIN + ":" + password);
        String response = ProxyAnswersTest.md5(ha1 + ":" + nonce.group(1) + ":00000001:xyz:auth:" + ProxyAnswersTest.md5("REGISTER:" + uri));
        String credentials = "Authorization: Digest username=\"" + number + "\", realm=\"" + SubscriberRows.DOMAIN + "\", nonce=\"" + nonce.group(1)
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"xyz\"\r\n";
        socket.send(numbered(socket.request("REGISTER", number, number, contact + credentials).replaceFirst("REGISTER sip:" + number + "@", "REGISTER sip:")));
        lastResponse = socket.finalResponse();
        return RawSipClient.status(lastResponse);
    }

    /** Waits for the INVITE, rings, answers; then waits for the ACK and the BYE. */
    void answerTheCall() throws Exception {
        String invite = socket.nextRequest(10_000);
        assertTrue(invite != null && invite.startsWith("INVITE "), "the held INVITE arrived: " + invite);
        socket.reply(RawSipClient.answer(invite, 180, "Ringing", "woken1", null));
        String sdp = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        socket.reply(RawSipClient.answer(invite, 200, "OK", "woken1", sdp).replace("Content-Type", "Contact: <sip:" + number + "@"
                + socket.localAddress() + ">\r\nContent-Type"));
        String ack = socket.nextRequest(10_000);
        assertTrue(ack != null && ack.startsWith("ACK "), "the ACK arrived: " + ack);
        String bye = socket.nextRequest(10_000);
        assertTrue(bye != null && bye.startsWith("BYE "), "the BYE arrived: " + bye);
        socket.reply(RawSipClient.answer(bye, 200, "OK", null, null));
    }

    /** The last response to a REGISTER, whole. */
    String lastRegisterResponse() {
        return lastResponse;
    }

    /** Takes the next text the proxy delivers (answers 200) and returns it whole. */
    String takeText() throws Exception {
        String message = socket.nextRequest(10_000);
        assertTrue(message != null && message.startsWith("MESSAGE "), "a text arrived: " + message);
        socket.reply(RawSipClient.answer(message, 200, "OK", "phone", null));
        return message;
    }

    @Override
    public void close() {
        socket.close();
    }
}
