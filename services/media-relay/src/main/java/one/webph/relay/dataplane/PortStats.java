package one.webph.relay.dataplane;

/** A snapshot of one relay port's counters. */
public record PortStats(int port, String peer, long packetsIn, long bytesIn, long packetsOut,
                        long droppedWrongSource, long droppedNoDestination) {
}
