package one.webph.relay.session;

import java.util.List;

import one.webph.relay.sdp.SessionDescription;

/**
 * What the rewritten SDP must say about the relay for the leg that receives it: our ports per
 * media section, our ICE-lite credentials on them (null without ICE), our DTLS fingerprint (null
 * without DTLS), that leg's transport, and the mids and BUNDLE group that leg itself offered
 * (empty and null when it has not sent SDP yet).
 */
public record Anchor(List<SessionDescription.RelayPorts> ports, SessionDescription.Ice ice, String fingerprint,
                     LegTransport transport, List<String> mids, String bundle) {
}
