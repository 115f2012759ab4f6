package one.webph.relay.session;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import one.webph.relay.dataplane.MediaPort;

/**
 * One media section (m= line) of one leg: the relay's RTP and RTCP sockets facing that leg's
 * peer. On a bundled leg every section after the first shares the first one's sockets
 * ({@code shared}): they are closed, freed and counted once, through the first.
 */
final class Stream {

    final MediaPort rtp;
    final MediaPort rtcp;
    final boolean shared;

    Stream(MediaPort rtp, MediaPort rtcp) {
        this(rtp, rtcp, false);
    }

    private Stream(MediaPort rtp, MediaPort rtcp, boolean shared) {
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.shared = shared;
    }

    /** Another section of a bundled leg, on this stream's sockets. */
    Stream bundledSection() {
        return new Stream(rtp, rtcp, true);
    }

    /** Closes both sockets unless shared; {@code pairFree} runs once both ports can be bound again. */
    void close(Runnable pairFree) {
        if (shared) {
            return;
        }
        AtomicInteger open = new AtomicInteger(2);
        Runnable oneClosed = () -> {
            if (open.decrementAndGet() == 0) {
                pairFree.run();
            }
        };
        rtp.close(oneClosed);
        rtcp.close(oneClosed);
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
