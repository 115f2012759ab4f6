package one.webph.relay.dataplane;

import java.net.InetSocketAddress;

/**
 * Whom a plain port accepts as its peer before it has latched, given the address the signalling
 * announced. After latching every rule is the same: the latched source only (strict source), and
 * the announced address and port may take the latch back.
 */
public enum SourceRule {

    /** Only the announced address and port: a public address in SDP, where an attacker racing the real peer's first packet must lose (RTP Bleed). */
    ANNOUNCED_ONLY,
    /** Any port of the announced IP: the address the SIP message came from (ng received-from), whose NAT chooses the port. */
    ANNOUNCED_HOST,
    /** The first packet from anywhere: a private address in SDP and nothing better to go on. */
    ANYONE;

    boolean mayLatch(InetSocketAddress announced, InetSocketAddress source) {
        return switch (this) {
            case ANNOUNCED_ONLY -> announced.equals(source);
            case ANNOUNCED_HOST -> announced.getAddress() != null && announced.getAddress().equals(source.getAddress());
            case ANYONE -> true;
        };
    }
}
