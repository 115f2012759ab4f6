package one.webph.sip.message;

import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.ParseExceptionListener;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns bytes into SIP messages and back with JAIN-SIP's parser (only the parser: its SipStack
 * is not used), and adds the checks it lacks: the raw-text grammar rules of {@link SyntaxCheck}
 * (RFC 4475's torture messages), fields the proxy relies on that must parse, the headers every
 * request must carry (RFC 3261 §8.1.1). The only package that sees {@code gov.nist} types. Pure;
 * a parser per call, since JAIN-SIP's is not thread-safe.
 */
public final class SipCodec {

    private SipCodec() {
    }

    /** A message, or why it is not one. */
    public sealed interface Parsed permits Request, Response, Malformed {
    }

    /** A request that passed the checks. */
    public record Request(SIPRequest request) implements Parsed {
    }

    /** A response that passed the checks. */
    public record Response(SIPResponse response) implements Parsed {
    }

    /**
     * Not a usable message. {@code request} is set when enough was understood to answer it (a Via
     * and a CSeq), with {@code status}: 400, or 505 for another SIP version.
     */
    public record Malformed(int status, String reason, SIPRequest request) implements Parsed {

        /** The reason phrase of the answer, with the reason in brackets. */
        public String reasonPhrase() {
            return (status == 505 ? "Version Not Supported" : "Bad Request") + " (" + reason + ")";
        }
    }

    private static final Set<String> ROUTING_FIELDS = Set.of("via", "from", "to", "call-id", "cseq", "max-forwards",
            "content-length", "contact", "route", "record-route", "expires", "proxy-require");

    /** RFC 3261 §8.1.1.7: the magic cookie alone is no transaction identifier. */
    private static final String MAGIC_COOKIE = "z9hG4bK";

    public static Parsed parse(byte[] bytes) {
        RawMessage raw = RawMessage.split(bytes);
        if (raw == null) {
            return new Malformed(400, "empty message", null);
        }
        Optional<SyntaxCheck.Problem> problem = SyntaxCheck.check(raw, bytes.length);
        if (problem.isPresent()) {
            return malformed(raw, problem.get().status(), problem.get().reason());
        }
        SIPMessage message;
        try {
            message = new MessageParser().parseSIPMessage(bytes, true, false, STRICT_ON_ROUTING_FIELDS);
        } catch (ParseException | RuntimeException e) {
            return malformed(raw, 400, e.getMessage());
        }
        if (message == null) {
            return new Malformed(400, "empty message", null);
        }
        if (message instanceof SIPRequest request) {
            String missing = missingHeader(request);
            if (missing != null) {
                return malformed(raw, 400, "missing " + missing);
            }
            if (!request.getCSeq().getMethod().equalsIgnoreCase(request.getMethod())) {
                return malformed(raw, 400, "CSeq method does not match the request method");
            }
            if (MAGIC_COOKIE.equals(request.getTopmostVia().getBranch())) {
                // RFC 4475 §3.2.1 allows 400 here; every such request would share one transaction.
                return malformed(raw, 400, "Via branch is the magic cookie alone");
            }
            return new Request(request);
        }
        SIPResponse response = (SIPResponse) message;
        if (response.getTopmostVia() == null || response.getCSeq() == null || response.getCallId() == null) {
            return new Malformed(400, "response without Via, CSeq or Call-ID", null);
        }
        return new Response(response);
    }

    private static final byte[] REGISTER_LINE = "REGISTER ".getBytes(StandardCharsets.US_ASCII);

    /**
     * Whether the message is a REGISTER with an Authorization field, read from its bytes before any
     * parsing (so that the thread that checks the credentials can be the one that parses it). The
     * method is case-sensitive, field names are not; the body is not looked at.
     */
    public static boolean isRegisterWithCredentials(byte[] bytes) {
        if (bytes.length <= REGISTER_LINE.length || !java.util.Arrays.equals(bytes, 0, REGISTER_LINE.length, REGISTER_LINE, 0, REGISTER_LINE.length)) {
            return false;
        }
        for (int i = 0; i < bytes.length - 1; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            int line = i + 1;
            if (bytes[line] == '\r' || bytes[line] == '\n') {
                return false; // The blank line: the body begins.
            }
            if (fieldNamed(bytes, line, "authorization")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the line at {@code start} is a field named {@code name} (any case; blanks before the colon). */
    private static boolean fieldNamed(byte[] bytes, int start, String name) {
        int end = start + name.length();
        if (end > bytes.length) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.toLowerCase((char) (bytes[start + i] & 0xff)) != name.charAt(i)) {
                return false;
            }
        }
        int colon = end;
        while (colon < bytes.length && (bytes[colon] == ' ' || bytes[colon] == '\t')) {
            colon++;
        }
        return colon < bytes.length && bytes[colon] == ':';
    }

    /**
     * The fields the proxy routes and answers with must parse, or the message is malformed
     * (JAIN-SIP would drop them silently); any other field that does not parse (a Date with a
     * non-GMT zone) goes on as written, like the fields we do not know.
     */
    private static final ParseExceptionListener STRICT_ON_ROUTING_FIELDS = (error, message, headerClass, header, raw) -> {
        if (header == null || headerClass == RequestLine.class || headerClass == StatusLine.class) {
            throw new ParseException("bad start line", error.getErrorOffset());
        }
        String name = RawMessage.field(header.strip()).name();
        if (ROUTING_FIELDS.contains(name)) {
            throw new ParseException("bad " + name, error.getErrorOffset());
        }
        message.addUnparsed(header.strip());
    };

    /**
     * A malformed message, with the request rebuilt from its fields alone (a neutral Request-Line,
     * no body, every field that parses; the others kept as written) so a 400 can copy its Via,
     * From, To, Call-ID and CSeq (RFC 3261 §8.2.6.2). Responses and requests without a Via and a
     * CSeq cannot be answered.
     */
    private static Malformed malformed(RawMessage raw, int status, String reason) {
        String why = reason == null ? "" : reason.replaceAll("[\\x00-\\x1f\\x7f]+", " ").strip();
        why = why.length() > 100 ? why.substring(0, 100) : why;
        if (raw.isResponse() || !raw.method().matches("[A-Za-z0-9.!%*_+`'~-]+")) {
            return new Malformed(status, why, null);
        }
        StringBuilder text = new StringBuilder(raw.method()).append(" sip:invalid SIP/2.0\r\n");
        for (RawMessage.Field field : raw.fields()) {
            if (!field.name().equals("content-length") && !field.name().isEmpty()) {
                text.append(field.name()).append(": ").append(field.value()).append("\r\n");
            }
        }
        text.append("Content-Length: 0\r\n\r\n");
        SIPRequest request;
        try {
            request = (SIPRequest) new MessageParser().parseSIPMessage(text.toString().getBytes(StandardCharsets.ISO_8859_1), false, false,
                    (error, message, headerClass, header, whole) -> message.addUnparsed(header.strip()));
        } catch (ParseException | RuntimeException e) {
            return new Malformed(status, why, null);
        }
        boolean answerable = request != null && (request.getCSeq() != null || !unparsed(request, "cseq").isEmpty())
                && (request.getTopmostVia() != null || !unparsed(request, "via").isEmpty());
        return new Malformed(status, why, answerable ? request : null);
    }

    /** The fields of a message that did not parse, as written, whose name is {@code name}. */
    private static List<String> unparsed(SIPMessage message, String name) {
        List<String> found = new ArrayList<>();
        for (java.util.Iterator<String> all = message.getUnrecognizedHeaders(); all.hasNext(); ) {
            String header = all.next();
            if (RawMessage.field(header.strip()).name().equals(name)) {
                found.add(header);
            }
        }
        return found;
    }

    private static String missingHeader(SIPRequest request) {
        if (request.getTopmostVia() == null) {
            return "Via";
        }
        if (request.getFrom() == null) {
            return "From";
        }
        if (request.getTo() == null) {
            return "To";
        }
        if (request.getCallId() == null) {
            return "Call-ID";
        }
        if (request.getCSeq() == null) {
            return "CSeq";
        }
        return null;
    }

    /** RFC 3261 §8.2.6.2: the fields a response copies from its request. */
    private static final List<String> ECHOED = List.of("Via", "From", "To", "Call-ID", "CSeq");

    /** A response to a request, with a To-tag when the request had none (RFC 3261 §8.2.6.2). */
    public static SIPResponse respond(SIPRequest request, int status, String reason) {
        SIPResponse response = request.createResponse(status, reason);
        for (String name : ECHOED) {
            // A field that did not parse (a malformed request): echoed as written, so the client
            // still matches the 400 to its transaction.
            if (response.getHeader(name) == null) {
                unparsed(request, name.toLowerCase(java.util.Locale.ROOT)).forEach(response::addUnparsed);
            }
        }
        if (response.getTo() != null && response.getTo().getTag() == null && status > 100) {
            try {
                response.getTo().setTag(newTag());
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }
        return response;
    }

    /**
     * A response to a well-formed request that is answered here and not sent on (a challenge, the
     * registrar's 200), built without {@link SIPRequest#createResponse}'s deep copies: it shares
     * the request's Via, From, Call-ID and CSeq objects, and its To shares the request's address,
     * with a To-tag of its own when the request had none. Those copies were about a tenth of the
     * CPU of a registration. The request must not be changed afterwards, or the response changes
     * with it.
     */
    public static SIPResponse respondSharing(SIPRequest request, int status, String reason) {
        SIPResponse response = new SIPResponse();
        try {
            response.setStatusCode(status);
            response.setReasonPhrase(reason);
            response.setHeader(request.getViaHeaders());
            response.setHeader(request.getFrom());
            response.setHeader(request.getCallId());
            response.setHeader(request.getCSeq());
            gov.nist.javax.sip.header.To to = (gov.nist.javax.sip.header.To) request.getTo();
            if (to.getTag() == null && status > 100) {
                gov.nist.javax.sip.header.To tagged = new gov.nist.javax.sip.header.To();
                tagged.setAddress(to.getAddress());
                for (java.util.Iterator<String> names = to.getParameterNames(); names.hasNext(); ) {
                    String name = names.next();
                    tagged.setParameter(name, to.getParameter(name));
                }
                tagged.setTag(newTag());
                to = tagged;
            }
            response.setHeader(to);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    static String newTag() {
        return Long.toHexString(Double.doubleToLongBits(Math.random()));
    }

    /**
     * The request with only its Request-Line, Via, From, To, Call-ID and CSeq, encoded: what
     * identifies a transaction and its call, and what a response copies, in a few hundred bytes
     * where the parsed fields are dozens of objects. {@link #skeletonOf} parses it back.
     */
    public static byte[] skeleton(SIPRequest request) {
        SIPRequest skeleton = new SIPRequest();
        skeleton.setRequestLine(request.getRequestLine());
        for (javax.sip.header.Header header : new javax.sip.header.Header[] {request.getViaHeaders(), request.getFrom(),
                request.getTo(), request.getCallId(), request.getCSeq()}) {
            if (header != null) {
                skeleton.setHeader(header);
            }
        }
        return encode(skeleton);
    }

    /** A request {@link #skeleton} kept, parsed again. */
    public static SIPRequest skeletonOf(byte[] skeleton) {
        try {
            return (SIPRequest) new MessageParser().parseSIPMessage(skeleton, true, false, null);
        } catch (ParseException e) {
            throw new IllegalStateException("A skeleton we encoded does not parse: " + e.getMessage(), e);
        }
    }

    /** Adds a header field to a message we build (e.g. Unsupported to a 420). */
    public static void addHeader(SIPMessage message, String name, String value) {
        try {
            message.addHeader(new gov.nist.javax.sip.header.HeaderFactoryImpl().createHeader(name, value));
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a " + name + " value: " + value, e);
        }
    }

    /**
     * RFC 3261 §18.2.1 and RFC 3581: the server notes on the top Via where the request really came
     * from ({@code received}, and {@code rport} when the client asked), so the response finds it.
     */
    public static void markReceived(SIPRequest request, String sourceHost, int sourcePort) {
        Via via = request.getTopmostVia();
        try {
            if (!sourceHost.equals(via.getHost())) {
                via.setReceived(sourceHost);
            }
            if (via.hasParameter("rport")) {
                via.setParameter("rport", Integer.toString(sourcePort));
                via.setReceived(sourceHost);
            }
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The ACK of a non-2xx final response to an INVITE (RFC 3261 §17.1.1.3): the INVITE's
     * Request-URI, Call-ID, From, top Via and Route set, the response's To, CSeq method ACK.
     */
    public static SIPRequest ackFor(SIPRequest invite, SIPResponse response) {
        return hopByHop(invite, "ACK", response.getTo());
    }

    /** The CANCEL of a pending request (RFC 3261 §9.1): the same fields, the same top Via. */
    public static SIPRequest cancelFor(SIPRequest request) {
        return hopByHop(request, "CANCEL", request.getTo());
    }

    private static SIPRequest hopByHop(SIPRequest original, String method, javax.sip.header.ToHeader to) {
        StringBuilder text = new StringBuilder();
        text.append(method).append(' ').append(original.getRequestURI()).append(" SIP/2.0\r\n");
        text.append(original.getTopmostVia().encode());
        java.util.ListIterator<?> routes = original.getHeaders("Route");
        while (routes.hasNext()) {
            text.append(((javax.sip.header.Header) routes.next()).toString());
        }
        text.append(original.getFrom().toString());
        text.append(((gov.nist.javax.sip.header.SIPHeader) to).encode());
        text.append(original.getCallId().toString());
        text.append("CSeq: ").append(original.getCSeq().getSeqNumber()).append(' ').append(method).append("\r\n");
        text.append("Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        try {
            return (SIPRequest) new MessageParser().parseSIPMessage(text.toString().getBytes(StandardCharsets.UTF_8), true, false, null);
        } catch (ParseException e) {
            throw new IllegalStateException("Cannot build the " + method + ": " + e.getMessage(), e);
        }
    }

    public static byte[] encode(SIPMessage message) {
        return message.encode().getBytes(StandardCharsets.UTF_8);
    }
}
