package one.webph.sip.message;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.address.SipUri;

import java.text.ParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of a SIP URI the proxy decides with: user (the number), host, port (-1 when absent),
 * transport (upper case, UDP when absent), whether it is a loose-routing {@code lr} URI, our
 * flow token parameter when it is one of our Record-Route URIs, and the CSeq shift we made toward
 * that side (when we answered a community server's challenge with a new request, CSeq + 1).
 */
public record UriParts(String user, String host, int port, String transport, boolean looseRouting, String flowToken, int cseqShift) {

    /** Our Record-Route parameter that carries the flow token. */
    public static final String FLOW_PARAMETER = "wpflow";
    /** Our Record-Route parameter that says by how much we raised CSeq toward that side. */
    public static final String CSEQ_PARAMETER = "wpcseq";

    public UriParts(String user, String host, int port, String transport, boolean looseRouting, String flowToken) {
        this(user, host, port, transport, looseRouting, flowToken, 0);
    }

    public static Optional<UriParts> parse(String uri) {
        try {
            if (!(new AddressFactoryImpl().createURI(uri) instanceof SipUri sip)) {
                return Optional.empty();
            }
            return Optional.of(of(sip));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static UriParts of(SipUri sip) {
        String transport = sip.getTransportParam();
        return new UriParts(sip.getUser() == null ? "" : sip.getUser(), sip.getHost() == null ? "" : sip.getHost().toLowerCase(Locale.ROOT),
                sip.getPort(), transport == null ? (sip.isSecure() ? "TLS" : "UDP") : transport.toUpperCase(Locale.ROOT),
                sip.hasLrParam(), sip.getParameter(FLOW_PARAMETER), shift(sip.getParameter(CSEQ_PARAMETER)));
    }

    private static int shift(String value) {
        try {
            return value == null ? 0 : Math.max(0, Math.min(1000, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
