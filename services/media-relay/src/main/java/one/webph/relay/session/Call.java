package one.webph.relay.session;

import io.netty.channel.EventLoop;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call: the offerer's leg and one answerer leg per forked branch ({@code via-branch} or
 * {@code label}), so each branch of a forked INVITE gets its own relay ports.
 * Guarded by its own monitor; the control thread is the only writer.
 */
final class Call {

    final String callId;
    /** Serves every socket of the call (see {@link one.webph.relay.dataplane.MediaSockets#nextLoop}). */
    final EventLoop loop;
    final Instant created = Instant.now();
    volatile long lastSignalNanos = System.nanoTime();
    Leg offerer;
    final Map<String, Leg> answerers = new LinkedHashMap<>();

    Call(String callId, EventLoop loop) {
        this.callId = callId;
        this.loop = loop;
    }

    long lastActivityNanos() {
        long last = lastSignalNanos;
        if (offerer != null) {
            last = Math.max(last, offerer.lastPacketNanos());
        }
        for (Leg leg : answerers.values()) {
            last = Math.max(last, leg.lastPacketNanos());
        }
        return last;
    }
}
