package one.webph.sip.message;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/**
 * Turns bytes into SIP messages and back with JAIN-SIP's parser (only the parser: its SipStack
 * is not used), and adds the checks it lacks: the SIP version, the headers every request must
 * carry (RFC 3261 §8.1.1), a Content-Length that matches. The only package that sees
 * {@code gov.nist} types. Pure; a parser per call, since JAIN-SIP's is not thread-safe.
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

    /** Not a usable message; {@code request} is set when enough was understood to answer 400. */
    public record Malformed(String reason, SIPRequest request) implements Parsed {
    }

    public static Parsed parse(byte[] bytes) {
        SIPMessage message;
        try {
            message = new StringMsgParser().parseSIPMessage(bytes, true, false, null);
        } catch (ParseException | RuntimeException e) {
            return new Malformed("unparseable: " + e.getMessage(), null);
        }
        if (message == null) {
            return new Malformed("empty message", null);
        }
        if (message instanceof SIPRequest request) {
            String missing = missingHeader(request);
            if (missing != null) {
                return new Malformed("missing " + missing, request.getTopmostVia() != null && request.getCSeq() != null
                        && request.getFrom() != null && request.getTo() != null && request.getCallId() != null ? request : null);
            }
            if (!"SIP/2.0".equalsIgnoreCase(request.getRequestLine().getSipVersion())) {
                return new Malformed("unsupported SIP version " + request.getRequestLine().getSipVersion(), request);
            }
            if (!request.getCSeq().getMethod().equalsIgnoreCase(request.getMethod())) {
                return new Malformed("CSeq method does not match the request method", request);
            }
            return new Request(request);
        }
        SIPResponse response = (SIPResponse) message;
        if (response.getTopmostVia() == null || response.getCSeq() == null || response.getCallId() == null) {
            return new Malformed("response without Via, CSeq or Call-ID", null);
        }
        return new Response(response);
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

    /** A response to a request, with a To-tag when the request had none (RFC 3261 §8.2.6.2). */
    public static SIPResponse respond(SIPRequest request, int status, String reason) {
        SIPResponse response = request.createResponse(status, reason);
        if (response.getTo() != null && response.getTo().getTag() == null && status > 100) {
            try {
                response.getTo().setTag(Long.toHexString(Double.doubleToLongBits(Math.random())));
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }
        return response;
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
            return (SIPRequest) new StringMsgParser().parseSIPMessage(text.toString().getBytes(StandardCharsets.UTF_8), true, false, null);
        } catch (ParseException e) {
            throw new IllegalStateException("Cannot build the " + method + ": " + e.getMessage(), e);
        }
    }

    public static byte[] encode(SIPMessage message) {
        return message.encode().getBytes(StandardCharsets.UTF_8);
    }
}
