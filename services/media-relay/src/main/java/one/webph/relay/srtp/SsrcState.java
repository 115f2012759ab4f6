package one.webph.relay.srtp;

import java.util.HashMap;
import java.util.Map;

/**
 * What SRTP keeps per synchronisation source: the rollover counter and highest sequence number
 * (RFC 3711 section 3.3.1), the SRTCP index, and the replay windows. Owned by one context.
 */
final class SsrcState {

    final int ssrc;
    long roc;
    int highestSeq = -1;
    final ReplayWindow rtpWindow = new ReplayWindow();
    long srtcpIndex;
    final ReplayWindow rtcpWindow = new ReplayWindow();

    private SsrcState(int ssrc) {
        this.ssrc = ssrc;
    }

    /** The SSRCs of one context, with the last one looked up cached: a stream rarely has more than one. */
    static final class Table {
        private static final int LIMIT = 64;
        private final Map<Integer, SsrcState> states = new HashMap<>();
        private SsrcState last;

        SsrcState get(int ssrc) {
            SsrcState cached = last;
            if (cached != null && cached.ssrc == ssrc) {
                return cached;
            }
            SsrcState state = states.get(ssrc);
            if (state == null) {
                if (states.size() >= LIMIT) {
                    // A peer cycling SSRCs must not grow memory without bound.
                    states.clear();
                }
                state = new SsrcState(ssrc);
                states.put(ssrc, state);
            }
            last = state;
            return state;
        }
    }

    /** RFC 3711 Appendix A: the index a received sequence number most probably belongs to. */
    long guessIndex(int seq) {
        if (highestSeq < 0) {
            return seq;
        }
        long v;
        if (highestSeq < 32768) {
            v = seq - highestSeq > 32768 ? roc - 1 : roc;
        } else {
            v = highestSeq - 32768 > seq ? roc + 1 : roc;
        }
        return (v << 16) | seq;
    }

    /** After a received packet authenticated: move ROC and the highest sequence number forward. */
    void acceptReceived(long index) {
        long v = index >>> 16;
        int seq = (int) (index & 0xFFFF);
        if (highestSeq < 0 || v > roc || (v == roc && seq > highestSeq)) {
            roc = v;
            highestSeq = seq;
        }
    }

    /** For a packet we send: its index, counting wraps of the sequence number (reordering tolerated, as for received ones). */
    long nextSendIndex(int seq) {
        long index = guessIndex(seq);
        if (index < 0) {
            index = seq;
        }
        acceptReceived(index);
        return index;
    }
}
