package one.webph.relay.session;

import java.security.SecureRandom;
import java.util.BitSet;

/**
 * Hands out even/odd port pairs (RTP, RTCP) from the configured range at random, so media ports
 * cannot be guessed in sequence. Thread-safe.
 */
final class PortAllocator {

    private final int min;
    private final int pairs;
    private final BitSet used;
    private final SecureRandom random = new SecureRandom();
    private int inUse;

    PortAllocator(int min, int max) {
        this.min = min % 2 == 0 ? min : min + 1;
        this.pairs = Math.max(0, (max - this.min + 1) / 2);
        this.used = new BitSet(pairs);
    }

    /** The RTP port of a free pair (RTCP is the next one), or -1 when the range is exhausted. */
    synchronized int take() {
        if (inUse >= pairs) {
            return -1;
        }
        int start = random.nextInt(pairs);
        int pair = used.nextClearBit(start);
        if (pair >= pairs) {
            pair = used.nextClearBit(0);
        }
        used.set(pair);
        inUse++;
        return min + 2 * pair;
    }

    synchronized void give(int rtpPort) {
        int pair = (rtpPort - min) / 2;
        if (pair >= 0 && pair < pairs && used.get(pair)) {
            used.clear(pair);
            inUse--;
        }
    }

    synchronized int free() {
        return pairs - inUse;
    }
}
