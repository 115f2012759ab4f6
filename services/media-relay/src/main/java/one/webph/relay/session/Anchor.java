package one.webph.relay.session;

import java.util.List;

import one.webph.relay.sdp.SessionDescription;

/**
 * What the rewritten SDP must say about the relay for the leg that receives it: our ports per
 * media section, our ICE-lite credentials on them (null without ICE), our DTLS fingerprint (null
 * without DTLS), and that leg's transport.
 */
public record Anchor(List<SessionDescription.RelayPorts> ports, SessionDescription.Ice ice, String fingerprint,
                     LegTransport transport) {
}
