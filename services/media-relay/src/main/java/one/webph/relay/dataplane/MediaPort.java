package one.webph.relay.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;

/**
 * One relay socket facing one peer (the RTP or RTCP port of one leg of one stream), linked to its
 * partner socket on the other leg. A packet that arrives here from our peer leaves through the
 * partner toward the partner's peer.
 *
 * <p>Whom we accept: when the SDP announces a public address, only that address and port (an
 * attacker racing the real peer's first packet cannot take the media: the RTP Bleed / RTP Inject
 * attack). When it announces a private one (a device behind NAT), the source of the first packet
 * (latching), since the NAT rewrites it. After latching, packets from any other source are dropped
 * and counted (strict source), except that the announced address may always take the latch back.
 *
 * <p>Thread: all packet handling runs on this channel's event loop; the counters are written
 * there only, and read from anywhere.
 */
public final class MediaPort extends SimpleChannelInboundHandler<DatagramPacket> {

    private final int port;
    private volatile Channel channel;
    private volatile MediaPort partner;
    private volatile InetSocketAddress announced;
    private volatile InetSocketAddress latched;
    private volatile long lastPacketNanos = System.nanoTime();

    volatile long packetsIn;
    volatile long bytesIn;
    volatile long packetsOut;
    volatile long droppedWrongSource;
    volatile long droppedNoDestination;

    MediaPort(int port) {
        super(false);
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** Links two ports both ways. */
    public static void link(MediaPort a, MediaPort b) {
        a.partner = b;
        b.partner = a;
    }

    /** The peer's address as signalled (SDP); null when unknown. */
    public void announce(InetSocketAddress peer) {
        this.announced = peer;
    }

    public InetSocketAddress peer() {
        InetSocketAddress current = latched;
        return current != null ? current : announced;
    }

    public long lastPacketNanos() {
        return lastPacketNanos;
    }

    public PortStats stats() {
        return new PortStats(port, peer() == null ? null : peer().toString(), packetsIn, bytesIn, packetsOut,
                droppedWrongSource, droppedNoDestination);
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    public void close() {
        Channel current = channel;
        if (current != null) {
            current.close();
        }
    }

    /** Private, shared (CGNAT) and unspecified addresses: the packets will come from elsewhere. */
    static boolean isBehindNat(InetSocketAddress address) {
        var ip = address.getAddress();
        if (ip == null || ip.isAnyLocalAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress()) {
            return true;
        }
        byte[] bytes = ip.getAddress();
        // 100.64.0.0/10, RFC 6598 shared address space; fc00::/7, unique local IPv6.
        return bytes.length == 4 && (bytes[0] & 0xFF) == 100 && (bytes[1] & 0xC0) == 64
                || bytes.length == 16 && (bytes[0] & 0xFE) == 0xFC;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress source = packet.sender();
        InetSocketAddress current = latched;
        InetSocketAddress expected = announced;
        if (current == null && expected != null && !isBehindNat(expected) && !expected.equals(source)) {
            droppedWrongSource++;
            packet.release();
            return;
        }
        if (current == null || (!current.equals(source) && source.equals(expected))) {
            latched = source;
        } else if (!current.equals(source)) {
            droppedWrongSource++;
            packet.release();
            return;
        }
        packetsIn++;
        bytesIn += packet.content().readableBytes();
        lastPacketNanos = System.nanoTime();
        MediaPort other = partner;
        InetSocketAddress destination = other == null ? null : other.peer();
        Channel out = other == null ? null : other.channel;
        if (destination == null || out == null) {
            droppedNoDestination++;
            packet.release();
            return;
        }
        other.packetsOut++;
        // The received buffer travels on: no copy, no allocation beyond the envelope.
        out.writeAndFlush(new DatagramPacket(packet.content(), destination), out.voidPromise());
    }
}
