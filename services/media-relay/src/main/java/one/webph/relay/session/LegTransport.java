package one.webph.relay.session;

/**
 * How the relay talks to one leg's peer: the SDP profile, whether we run ICE-lite and DTLS-SRTP
 * on its ports, whether RTCP shares the RTP port, and whether we are the DTLS client (the peer
 * said {@code a=setup:passive}; otherwise we are the server). Decided by the control layer from
 * the leg's own SDP (for the sender) or from the ng flags (for the leg that receives our SDP).
 */
public record LegTransport(String protocol, boolean ice, boolean dtls, boolean rtcpMux, boolean dtlsClient) {

    public static final LegTransport PLAIN = new LegTransport("RTP/AVP", false, false, false);

    /** A leg toward which we are the DTLS server, if DTLS at all. */
    public LegTransport(String protocol, boolean ice, boolean dtls, boolean rtcpMux) {
        this(protocol, ice, dtls, rtcpMux, false);
    }
}
