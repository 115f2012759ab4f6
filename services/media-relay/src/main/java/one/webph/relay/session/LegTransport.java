package one.webph.relay.session;

/**
 * How the relay talks to one leg's peer: the SDP profile, whether we run ICE-lite and DTLS-SRTP
 * on its ports, and whether RTCP shares the RTP port. Decided by the control layer from the
 * leg's own SDP (for the sender) or from the ng flags (for the leg that receives our SDP).
 */
public record LegTransport(String protocol, boolean ice, boolean dtls, boolean rtcpMux) {

    public static final LegTransport PLAIN = new LegTransport("RTP/AVP", false, false, false);
}
