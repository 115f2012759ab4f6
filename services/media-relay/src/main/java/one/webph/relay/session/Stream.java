package one.webph.relay.session;

import java.util.Map;

import one.webph.relay.dataplane.MediaPort;

/** One media section (m= line) of one leg: the relay's RTP and RTCP sockets facing that leg's peer. */
final class Stream {

    final MediaPort rtp;
    final MediaPort rtcp;

    Stream(MediaPort rtp, MediaPort rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    void close() {
        rtp.close();
        rtcp.close();
    }

    Map<String, Object> stats() {
        var r = rtp.stats();
        var c = rtcp.stats();
        return Map.of("local port", (long) r.port(), "endpoint", r.peer() == null ? "" : r.peer(),
                "stats", Map.of("packets", r.packetsIn(), "bytes", r.bytesIn(), "errors", r.droppedWrongSource() + r.droppedNoDestination(),
                        "sent", r.packetsOut(), "dropped wrong source", r.droppedWrongSource(), "dropped srtp", r.droppedSrtp()),
                "secure", r.secure() ? 1L : 0L,
                "rtcp", Map.of("local port", (long) c.port(), "packets", c.packetsIn(), "bytes", c.bytesIn()));
    }
}
