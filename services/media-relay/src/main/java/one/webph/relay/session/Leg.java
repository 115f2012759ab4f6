package one.webph.relay.session;

import java.util.ArrayList;
import java.util.List;

import one.webph.relay.dtls.Fingerprint;
import one.webph.relay.ice.IceLiteAgent;

/**
 * One side of a call (rtpengine's monologue): its tag, a stream per media section (on one port
 * when the leg is bundled), and how the relay talks to its peer (transport, our ICE credentials on its ports, the peer's ICE ufrag and
 * DTLS fingerprint from its SDP). Changed under the call's monitor.
 */
final class Leg {

    volatile String tag;
    final List<Stream> streams = new ArrayList<>();
    LegTransport transport = LegTransport.PLAIN;
    IceLiteAgent.Credentials localIce;
    String peerUfrag;
    Fingerprint peerFingerprint;
    List<String> peerMids = List.of();
    String peerBundle;
    /** Per section, the payload types the peer's SDP listed (what a bundled port demultiplexes by). */
    List<List<Integer>> peerPayloadTypes = List.of();
    /** All sections on one port (RFC 9143); decided when the leg's streams are first opened. */
    boolean bundled;

    Leg(String tag) {
        this.tag = tag;
    }

    long lastPacketNanos() {
        long last = 0;
        for (Stream stream : streams) {
            last = Math.max(last, Math.max(stream.rtp.lastPacketNanos(), stream.rtcp.lastPacketNanos()));
        }
        return last;
    }
}
