package one.webph.relay.srtp;

/**
 * RFC 3711 section 3.3.2 replay list: the highest index seen and a 64-packet bitmap below it.
 * A packet is checked before its tag is verified and recorded only after, so a forged packet
 * cannot move the window. Not thread-safe: owned by one receiving context.
 */
final class ReplayWindow {

    private static final int SIZE = 64;

    private long highest = -1;
    private long seen;

    /** True when {@code index} is new: above the window or inside it and not yet seen. */
    boolean isFresh(long index) {
        if (index > highest) {
            return true;
        }
        long behind = highest - index;
        return behind < SIZE && (seen & (1L << behind)) == 0;
    }

    void record(long index) {
        if (index > highest) {
            long shift = index - highest;
            seen = shift >= SIZE ? 0 : seen << shift;
            seen |= 1;
            highest = index;
        } else {
            seen |= 1L << (highest - index);
        }
    }
}
