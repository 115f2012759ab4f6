package one.webph.relay.session;

import java.util.List;

import one.webph.relay.dataplane.MediaPort;
import one.webph.relay.sdp.SessionDescription;

/**
 * When a leg's media sections share one port (RFC 9143 BUNDLE), and how that port meets a leg
 * that keeps a port per section. Only WebRTC legs (ICE and DTLS) bundle: a browser that offers a
 * BUNDLE group holding all its sections, and a browser we offer several sections to (we put them
 * on one port and say so with our own group). Called under the call's monitor.
 */
final class Bundling {

    private Bundling() {
    }

    /** The sender's own SDP bundles all its sections on one ICE/DTLS transport. */
    static boolean offered(LegTransport sender, SessionDescription sdp) {
        return sender.ice() && sender.dtls() && sdp.bundlesAllSections();
    }

    /** We offer several sections to a WebRTC leg: on one port, as browsers on max-bundle require. */
    static boolean toOffer(LegTransport receiver, int sections) {
        return receiver.ice() && receiver.dtls() && sections > 1;
    }

    /**
     * The bundled leg's one port sends each section's packets to the other leg's port for that
     * section (RTCP to its RTCP port, unless that leg muxes), demultiplexed by the payload types
     * the bundled peer listed (or, before its SDP, the ones it was offered).
     */
    static void wire(Leg bundled, Leg separate) {
        int count = Math.min(bundled.streams.size(), separate.streams.size());
        if (count == 0) {
            return;
        }
        List<List<Integer>> listed = bundled.peerPayloadTypes.size() >= count ? bundled.peerPayloadTypes : separate.peerPayloadTypes;
        int[][] payloadTypes = new int[count][];
        for (int i = 0; i < count; i++) {
            payloadTypes[i] = i < listed.size() ? listed.get(i).stream().mapToInt(Integer::intValue).toArray() : new int[0];
        }
        List<Stream> sections = separate.streams.subList(0, count);
        List<MediaPort> rtp = sections.stream().map(stream -> stream.rtp).toList();
        List<MediaPort> rtcp = separate.transport.rtcpMux() ? rtp : sections.stream().map(stream -> stream.rtcp).toList();
        MediaPort.linkBundled(bundled.streams.get(0).rtp, rtp, rtcp, payloadTypes);
    }
}
