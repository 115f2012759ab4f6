package one.webph.relay.dataplane;

/**
 * A snapshot of one relay port's counters. {@code droppedSrtp} counts SRTP/SRTCP packets that
 * failed authentication or replay checks, or arrived before the DTLS handshake gave keys.
 */
public record PortStats(int port, String peer, long packetsIn, long bytesIn, long packetsOut,
                        long droppedWrongSource, long droppedNoDestination, long droppedSrtp, boolean secure) {
}
