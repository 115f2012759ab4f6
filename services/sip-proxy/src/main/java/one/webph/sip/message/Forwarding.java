package one.webph.sip.message;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.Route;
import gov.nist.javax.sip.header.RouteList;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.header.ViaList;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.ListIterator;
import java.util.Optional;

import javax.sip.header.Header;
import javax.sip.header.ProxyAuthorizationHeader;

/**
 * What a proxy changes in a request it forwards (RFC 3261 §16.6) and in a response it sends back
 * (§16.7): Request-URI, Max-Forwards, our Via and Record-Route, the Route set, our own
 * credentials. Every method works on the message it is given; copies are explicit.
 */
public final class Forwarding {

    /** The magic cookie (RFC 3261 §8.1.1.7) and our mark, so our own branches are recognised. */
    public static final String BRANCH_PREFIX = "z9hG4bKwp";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();
    private static final AddressFactoryImpl ADDRESSES = new AddressFactoryImpl();

    private Forwarding() {
    }

    /** Where a response goes next: the next Via's transport and address (received/rport first). */
    public record NextHop(String transport, String host, int port) {
    }

    public static String newBranch() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return BRANCH_PREFIX + HexFormat.of().formatHex(bytes);
    }

    public static SIPRequest copy(SIPRequest request) {
        return (SIPRequest) request.clone();
    }

    public static void setRequestUri(SIPRequest request, String uri) {
        try {
            request.setRequestURI(ADDRESSES.createURI(uri));
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a URI: " + uri, e);
        }
    }

    public static String requestUri(SIPRequest request) {
        return request.getRequestURI().toString();
    }

    public static UriParts requestUriParts(SIPRequest request) {
        return request.getRequestURI() instanceof SipUri sip ? UriParts.of(sip) : new UriParts("", "", -1, "UDP", false, null);
    }

    public static String fromUser(SIPRequest request) {
        return request.getFrom().getAddress().getURI() instanceof SipUri sip && sip.getUser() != null ? sip.getUser() : "";
    }

    public static boolean hasToTag(SIPRequest request) {
        return request.getTo().getTag() != null && !request.getTo().getTag().isEmpty();
    }

    /** RFC 3261 §16.6 step 3: one hop less; false when there were none left (483). */
    public static boolean decrementMaxForwards(SIPRequest request) {
        try {
            if (request.getMaxForwards() == null) {
                request.setHeader(HEADERS.createMaxForwardsHeader(70));
                return true;
            }
            int left = request.getMaxForwards().getMaxForwards();
            if (left <= 0) {
                return false;
            }
            request.getMaxForwards().setMaxForwards(left - 1);
            return true;
        } catch (javax.sip.InvalidArgumentException e) {
            return false;
        }
    }

    public static void pushVia(SIPRequest request, String transport, String host, int port, String branch) {
        try {
            Via via = (Via) HEADERS.createViaHeader(host, port, transport, branch);
            request.addFirst(via);
        } catch (ParseException | javax.sip.InvalidArgumentException | javax.sip.SipException e) {
            throw new IllegalStateException("Cannot add our Via: " + e.getMessage(), e);
        }
    }

    public static void pushRecordRoute(SIPRequest request, String uri) {
        try {
            request.addFirst(HEADERS.createHeader("Record-Route", "<" + uri + ">"));
        } catch (ParseException | javax.sip.SipException e) {
            throw new IllegalStateException("Cannot add our Record-Route: " + e.getMessage(), e);
        }
    }

    /**
     * The request again with credentials for a challenge (RFC 3261 §22.2): a new branch, CSeq one
     * higher, and our callee-facing Record-Route marked so that the dialog's later requests from
     * the caller are raised by one as well (the callee saw this CSeq, not the caller's).
     */
    public static SIPRequest withCredentials(SIPRequest sent, String headerName, String value) {
        SIPRequest retry = copy(sent);
        try {
            retry.getTopmostVia().setBranch(newBranch());
            retry.getCSeq().setSeqNumber(retry.getCSeq().getSeqNumber() + 1);
            retry.removeHeader(headerName);
            retry.addHeader(HEADERS.createHeader(headerName, value));
            gov.nist.javax.sip.header.RecordRouteList recordRoutes = retry.getRecordRouteHeaders();
            if (recordRoutes != null && !recordRoutes.isEmpty()) {
                gov.nist.javax.sip.header.RecordRoute toward = (gov.nist.javax.sip.header.RecordRoute) recordRoutes.getFirst();
                ((SipUri) toward.getAddress().getURI()).setParameter(UriParts.CSEQ_PARAMETER, "1");
            }
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException("Cannot build the authenticated request: " + e.getMessage(), e);
        }
        return retry;
    }

    /** Moves a message's CSeq number by {@code delta} (a dialog whose two sides count differently). */
    public static void shiftCSeq(gov.nist.javax.sip.message.SIPMessage message, int delta) {
        if (delta == 0) {
            return;
        }
        try {
            message.getCSeq().setSeqNumber(message.getCSeq().getSeqNumber() + delta);
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts a Route entry on top (RFC 3327: the Path of the binding becomes the Route set). */
    public static void pushRoute(SIPRequest request, String uri) {
        try {
            request.addFirst(HEADERS.createHeader("Route", "<" + uri + ">"));
        } catch (ParseException | javax.sip.SipException e) {
            throw new IllegalStateException("Cannot add a Route: " + e.getMessage(), e);
        }
    }

    /** The top Route's URI, if any. */
    public static Optional<String> topRoute(SIPRequest request) {
        RouteList routes = request.getRouteHeaders();
        if (routes == null || routes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(((Route) routes.getFirst()).getAddress().getURI().toString());
    }

    public static void popRoute(SIPRequest request) {
        RouteList routes = request.getRouteHeaders();
        if (routes != null && !routes.isEmpty()) {
            routes.removeFirst();
            if (routes.isEmpty()) {
                request.removeHeader("Route");
            }
        }
    }

    /** Takes out the credentials meant for us (RFC 3261 §22.3: a proxy consumes its own). */
    public static void removeCredentialsFor(SIPRequest request, String realm) {
        ListIterator<?> all = request.getHeaders(ProxyAuthorizationHeader.NAME);
        java.util.List<Header> kept = new java.util.ArrayList<>();
        while (all.hasNext()) {
            ProxyAuthorizationHeader header = (ProxyAuthorizationHeader) all.next();
            if (!realm.equals(header.getRealm())) {
                kept.add(header);
            }
        }
        request.removeHeader(ProxyAuthorizationHeader.NAME);
        for (Header header : kept) {
            request.addHeader(header);
        }
    }

    /** Removes our top Via from a response; the next hop, or empty when the response was for us. */
    public static Optional<NextHop> popVia(SIPResponse response) {
        ViaList vias = response.getViaHeaders();
        if (vias == null || vias.isEmpty()) {
            return Optional.empty();
        }
        vias.removeFirst();
        if (vias.isEmpty()) {
            response.removeHeader("Via");
            return Optional.empty();
        }
        Via next = (Via) vias.getFirst();
        String host = next.getReceived() != null ? next.getReceived() : next.getHost();
        int port = next.getRPort() > 0 ? next.getRPort() : next.getPort() > 0 ? next.getPort() : 5060;
        return Optional.of(new NextHop(next.getTransport().toUpperCase(java.util.Locale.ROOT), host, port));
    }

    /** Whether the top Via of a response is one we added (our host and our branch mark). */
    public static boolean topViaIsOurs(SIPResponse response, java.util.Set<String> ourHosts) {
        Via via = response.getTopmostVia();
        return via != null && via.getBranch() != null && via.getBranch().startsWith(BRANCH_PREFIX)
                && ourHosts.contains(via.getHost().toLowerCase(java.util.Locale.ROOT));
    }

    /** How many Vias of this request we added (loop detection, RFC 3261 §16.3 step 4, simplified). */
    public static int ourVias(SIPRequest request, java.util.Set<String> ourHosts) {
        int count = 0;
        for (Object item : request.getViaHeaders()) {
            Via via = (Via) item;
            if (via.getBranch() != null && via.getBranch().startsWith(BRANCH_PREFIX) && ourHosts.contains(via.getHost().toLowerCase(java.util.Locale.ROOT))) {
                count++;
            }
        }
        return count;
    }

    /** The SDP body of a message, if it carries one (Content-Type application/sdp). */
    public static Optional<String> sdp(gov.nist.javax.sip.message.SIPMessage message) {
        javax.sip.header.ContentTypeHeader type = message.getContentTypeHeader();
        byte[] body = message.getRawContent();
        if (type == null || body == null || body.length == 0
                || !"application".equalsIgnoreCase(type.getContentType()) || !"sdp".equalsIgnoreCase(type.getContentSubType())) {
            return Optional.empty();
        }
        return Optional.of(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Replaces the SDP body (Content-Length follows). */
    public static void setSdp(gov.nist.javax.sip.message.SIPMessage message, String sdp) {
        try {
            message.setContent(sdp, HEADERS.createContentTypeHeader("application", "sdp"));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 183 Session Progress turned into a 180 Ringing without SDP (for callers that must not get early media). */
    public static void withoutEarlyMedia(SIPResponse response) {
        try {
            response.setStatusCode(180);
            response.setReasonPhrase("Ringing");
            response.removeContent();
            response.removeHeader(javax.sip.header.ContentTypeHeader.NAME);
            response.setContentLength(HEADERS.createContentLengthHeader(0));
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String fromTag(SIPRequest request) {
        return request.getFrom().getTag() == null ? "" : request.getFrom().getTag();
    }

    public static String toTag(SIPResponse response) {
        return response.getTo().getTag() == null ? "" : response.getTo().getTag();
    }

    public static String callId(gov.nist.javax.sip.message.SIPMessage message) {
        return message.getCallId().getCallId();
    }

    public static String topBranch(SIPRequest request) {
        return request.getTopmostVia().getBranch();
    }

    /**
     * A MESSAGE from the proxy itself, delivering a stored text: the original sender in From, the
     * original time in Date (RFC 3261 §20.17), a fresh dialog-less transaction.
     */
    public static SIPRequest storedText(String contact, String sender, String recipient, String domain, String contentType, String body,
                                        java.time.Instant receivedAt) {
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(receivedAt.atZone(java.time.ZoneOffset.UTC));
        String text = "MESSAGE " + contact + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP placeholder;branch=" + newBranch() + "\r\n"
                + "From: <sip:" + sender + "@" + domain + ">;tag=" + newBranch().substring(BRANCH_PREFIX.length(), BRANCH_PREFIX.length() + 10) + "\r\n"
                + "To: <sip:" + recipient + "@" + domain + ">\r\n"
                + "Call-ID: " + newBranch().substring(BRANCH_PREFIX.length()) + "@" + domain + "\r\n"
                + "CSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\nDate: " + date.replace("Z", "GMT") + "\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n";
        try {
            SIPRequest request = (SIPRequest) new gov.nist.javax.sip.parser.StringMsgParser().parseSIPMessage(
                    text.getBytes(java.nio.charset.StandardCharsets.UTF_8), true, false, null);
            request.removeHeader("Via");
            request.setContent(body, (javax.sip.header.ContentTypeHeader) request.getHeader(javax.sip.header.ContentTypeHeader.NAME));
            return request;
        } catch (ParseException e) {
            throw new IllegalStateException("Cannot build a stored text's MESSAGE: " + e.getMessage(), e);
        }
    }

    public static String contentType(gov.nist.javax.sip.message.SIPMessage message) {
        javax.sip.header.ContentTypeHeader type = message.getContentTypeHeader();
        return type == null ? "text/plain" : type.getContentType() + "/" + type.getContentSubType();
    }

    public static String body(gov.nist.javax.sip.message.SIPMessage message) {
        byte[] raw = message.getRawContent();
        return raw == null ? "" : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The option tags of the Proxy-Require fields, in order (none of them is ours to support). */
    public static java.util.List<String> proxyRequire(SIPRequest request) {
        java.util.List<String> tags = new java.util.ArrayList<>();
        ListIterator<?> fields = request.getHeaders(javax.sip.header.ProxyRequireHeader.NAME);
        while (fields.hasNext()) {
            tags.add(((javax.sip.header.ProxyRequireHeader) fields.next()).getOptionTag());
        }
        return tags;
    }

    /** RFC 3261 §16.3 step 2: the only Request-URI schemes a SIP proxy routes. */
    public static boolean hasSipRequestUri(SIPRequest request) {
        return request.getRequestURI() instanceof SipUri;
    }
}
