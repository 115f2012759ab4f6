package one.webph.relay.dataplane;

import java.util.List;

import one.webph.relay.dtls.DtlsCertificate;
import one.webph.relay.dtls.DtlsEndpoint;
import one.webph.relay.dtls.Fingerprint;
import one.webph.relay.ice.IceLiteAgent;
import one.webph.relay.srtp.SrtpProfile;

/**
 * What a WebRTC-facing port needs, as the session layer decides it from the signalling: our ICE
 * credentials (null: no ICE, latch like a plain port), and whether to run DTLS-SRTP with which
 * certificate, the peer's fingerprint (may come later), profile preference and our DTLS role
 * (client when the peer said {@code a=setup:passive}). Immutable.
 */
public record WebRtcSecurity(IceLiteAgent.Credentials ice, boolean dtls, DtlsCertificate certificate,
                             Fingerprint peerFingerprint, List<SrtpProfile> profiles, DtlsEndpoint.Role role) {
}
