package one.webph.relay.session;

import java.util.ArrayList;
import java.util.List;

/** One side of a call (rtpengine's monologue): its tag and a stream per media section. */
final class Leg {

    volatile String tag;
    final List<Stream> streams = new ArrayList<>();

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
