package one.webph.relay.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.FastThreadLocal;

import java.net.InetSocketAddress;
import java.util.List;

import one.webph.relay.dtls.DtlsEndpoint;
import one.webph.relay.ice.IceLiteAgent;
import one.webph.relay.srtp.SrtpContext;

/**
 * One relay socket facing one peer (the RTP or RTCP port of one leg of one stream), linked to its
 * partner socket on the other leg. A packet that arrives here from our peer leaves through the
 * partner toward the partner's peer; RTCP arriving muxed on an RTP port may go to another socket
 * ({@code rtcpPartner}) when the other leg keeps RTCP apart.
 *
 * <p>Whom we accept on a plain port is the session layer's {@link SourceRule}: for a public SDP
 * address, only that address and port (an attacker racing the real peer's first packet cannot
 * take the media: the RTP Bleed / RTP Inject attack); for the address the SIP message came from,
 * any port of that IP (the NAT picks the port); for a private SDP address with nothing better,
 * the first packet's source (latching). After latching, packets from any other source are
 * dropped and counted (strict source), except that the announced address may always take the
 * latch back.
 *
 * <p>On a WebRTC port ({@link #secure}) the first byte demultiplexes (RFC 7983): STUN goes to the
 * ICE-lite agent, and only a Binding request it authenticated sets the peer (a nominated pair
 * moves it); DTLS from the peer goes to the DTLS endpoint (which, as client, starts its handshake
 * once the peer is known); SRTP/SRTCP from the peer is unprotected before forwarding. Packets forwarded to a WebRTC port are protected with its outbound keys.
 *
 * <p>A bundled port (all media sections of a browser leg on one port) facing a leg with a port per
 * section picks the destination per packet: see {@link #linkBundled}.
 *
 * <p>Thread: all packet handling runs on this channel's event loop; the counters are written
 * there only, and read from anywhere. The partner's transform runs on the sending side's loop.
 */
public final class MediaPort extends SimpleChannelInboundHandler<DatagramPacket> {

    /** Scratch space for SRTP work: one per event-loop thread, so no allocation per packet. */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[4096];
        }
    };

    private final int port;
    private volatile Channel channel;
    private volatile EventLoop loop;
    private volatile MediaPort partner;
    private volatile MediaPort rtcpPartner;
    private volatile Bundle bundle;
    private volatile Announced announced;
    private volatile InetSocketAddress latched;
    private volatile WebRtcTransport webrtc;
    private volatile long lastPacketNanos = System.nanoTime();
    /** Set by {@link #close}: the channel closes asynchronously, but a deleted call must stop at once. */
    private volatile boolean closed;

    volatile long packetsIn;
    volatile long bytesIn;
    volatile long packetsOut;
    volatile long droppedWrongSource;
    volatile long droppedNoDestination;
    volatile long droppedSrtp;
    volatile long dtlsFailures;

    MediaPort(int port) {
        super(false);
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** Links two ports both ways (RTCP muxed on either goes to the other as well). */
    public static void link(MediaPort a, MediaPort b) {
        a.partner = b;
        b.partner = a;
        a.rtcpPartner = null;
        b.rtcpPartner = null;
        a.bundle = null;
        b.bundle = null;
    }

    /** A bundled port's destinations: per media section, the other leg's RTP and RTCP ports. */
    private record Bundle(BundleDemux demux, MediaPort[] rtp, MediaPort[] rtcp) {
    }

    /**
     * A bundled port (RFC 9143: every media section of a WebRTC leg on one transport) facing a leg
     * with a port per section: what arrives on {@code bundled} goes to the section's port in
     * {@code rtp} (RTCP: in {@code rtcp}), the section told by SSRC and payload type
     * ({@code payloadTypes}, per section, as the bundled peer listed them); what arrives on those
     * comes back through {@code bundled}.
     */
    public static void linkBundled(MediaPort bundled, List<MediaPort> rtp, List<MediaPort> rtcp, int[][] payloadTypes) {
        for (int i = 0; i < rtp.size(); i++) {
            rtp.get(i).partner = bundled;
            rtp.get(i).rtcpPartner = null;
            rtp.get(i).bundle = null;
            rtcp.get(i).partner = bundled;
        }
        bundled.rtcpPartner = null;
        bundled.bundle = new Bundle(new BundleDemux(payloadTypes), rtp.toArray(MediaPort[]::new), rtcp.toArray(MediaPort[]::new));
    }

    /**
     * The muxed side ({@code muxedRtp} carries RTP and RTCP) meets a peer that keeps RTCP on its
     * own port: RTCP arriving muxed goes to {@code separateRtcp}, and what arrives there comes
     * back through the muxed port.
     */
    public static void linkMuxed(MediaPort muxedRtp, MediaPort separateRtcp) {
        muxedRtp.rtcpPartner = separateRtcp;
        separateRtcp.partner = muxedRtp;
    }

    /** The peer's address as signalled, and whom to accept before latching. Ignored on an ICE port. */
    private record Announced(InetSocketAddress address, SourceRule rule) {
    }

    /** The peer's address as signalled (SDP, or received-from with the SDP's port); null when unknown. Ignored on an ICE port. */
    public void announce(InetSocketAddress peer, SourceRule rule) {
        this.announced = peer == null ? null : new Announced(peer, rule);
        WebRtcTransport secure = webrtc;
        if (secure != null && peer() != null) {
            // DTLS without ICE toward a passive peer: the signalled address is all we will know.
            secure.peerKnown();
        }
    }

    /** Makes (or updates) this port a WebRTC port. Called from the control thread. */
    public synchronized void secure(WebRtcSecurity security) {
        WebRtcTransport current = webrtc;
        if (current == null) {
            current = new WebRtcTransport(this, security);
            webrtc = current;
        } else {
            current.update(security);
        }
        if (peer() != null) {
            current.peerKnown();
        }
    }

    /** Our ICE credentials on this port, or null. */
    public IceLiteAgent.Credentials iceCredentials() {
        WebRtcTransport current = webrtc;
        return current == null || current.agent == null ? null : current.agent.credentials();
    }

    public InetSocketAddress peer() {
        InetSocketAddress current = latched;
        if (current != null) {
            return current;
        }
        WebRtcTransport secure = webrtc;
        Announced expected = announced;
        // An ICE port has no peer until a Binding request proved who it is.
        return secure != null && secure.agent != null || expected == null ? null : expected.address();
    }

    public long lastPacketNanos() {
        return lastPacketNanos;
    }

    public PortStats stats() {
        InetSocketAddress peer = peer();
        return new PortStats(port, peer == null ? null : peer.toString(), packetsIn, bytesIn, packetsOut,
                droppedWrongSource, droppedNoDestination, droppedSrtp, webrtc != null);
    }

    void attach(Channel channel, EventLoop loop) {
        this.channel = channel;
        this.loop = loop;
    }

    Channel channel() {
        return channel;
    }

    /** The event loop serving this socket. */
    EventLoop loop() {
        return loop;
    }

    public void close() {
        close(() -> {
        });
    }

    /**
     * Stops relaying at once and closes the socket on its loop; {@code portFree} runs when the
     * port can be bound again (the close itself happens later, on the loop).
     */
    public void close(Runnable portFree) {
        closed = true;
        if (!loop.inEventLoop()) {
            // After the task that handed the socket to its loop, if there was one.
            loop.execute(() -> close(portFree));
            return;
        }
        WebRtcTransport secure = webrtc;
        if (secure != null) {
            secure.close();
        }
        if (channel.isRegistered()) {
            channel.close().addListener(done -> portFree.run());
        } else {
            // Bound but never handed to the loop (its pair partner could not be bound).
            channel.unsafe().closeForcibly();
            portFree.run();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        if (closed) {
            packet.release();
            return;
        }
        WebRtcTransport secure = webrtc;
        if (secure != null) {
            readSecure(secure, packet);
            return;
        }
        if (!acceptPlainSource(packet.sender())) {
            packet.release();
            return;
        }
        forward(packet.content(), isRtcp(packet.content()));
    }

    private boolean acceptPlainSource(InetSocketAddress source) {
        InetSocketAddress current = latched;
        Announced expected = announced;
        if (current == null && expected != null && !expected.rule().mayLatch(expected.address(), source)) {
            droppedWrongSource++;
            return false;
        }
        if (current == null || (!current.equals(source) && expected != null && source.equals(expected.address()))) {
            latched = source;
        } else if (!current.equals(source)) {
            droppedWrongSource++;
            return false;
        }
        return true;
    }

    /** RFC 7983 demultiplexing on a WebRTC port. */
    private void readSecure(WebRtcTransport secure, DatagramPacket packet) {
        ByteBuf content = packet.content();
        InetSocketAddress source = packet.sender();
        int first = content.readableBytes() == 0 ? -1 : content.getUnsignedByte(content.readerIndex());
        if (first >= 0 && first <= 3) {
            handleStun(secure, content, source);
            packet.release();
            return;
        }
        boolean fromPeer = secure.agent != null ? source.equals(latched) : acceptPlainSource(source);
        if (!fromPeer) {
            if (secure.agent != null) {
                droppedWrongSource++;
            }
            packet.release();
            return;
        }
        if (first >= 20 && first <= 63) {
            DtlsEndpoint dtls = secure.dtls;
            if (dtls != null) {
                byte[] record = new byte[content.readableBytes()];
                content.getBytes(content.readerIndex(), record);
                dtls.receive(record);
            }
            packet.release();
            return;
        }
        if (first < 128 || first > 191) {
            packet.release();
            return;
        }
        boolean rtcp = isRtcp(content);
        if (secure.encrypted()) {
            SrtpContext inbound = secure.inbound;
            if (inbound == null) {
                droppedSrtp++;
                packet.release();
                return;
            }
            content = transform(content, inbound, rtcp, false);
            if (content == null) {
                droppedSrtp++;
                return;
            }
        }
        forward(content, rtcp);
    }

    private void handleStun(WebRtcTransport secure, ByteBuf content, InetSocketAddress source) {
        if (secure.agent == null) {
            return;
        }
        byte[] datagram = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), datagram);
        IceLiteAgent.Outcome outcome = secure.agent.handle(datagram, 0, datagram.length, source);
        boolean moved = false;
        if (outcome.authenticated() && (latched == null || outcome.nominated())) {
            // The only way a WebRTC leg learns (or moves) its peer: a check signed with our password.
            moved = !source.equals(latched);
            latched = source;
        }
        if (outcome.reply() != null) {
            sendRaw(outcome.reply(), source);
        }
        if (moved) {
            // After the Binding response, so that the peer hears it before our ClientHello.
            secure.peerKnown();
        }
        lastPacketNanos = System.nanoTime();
    }

    /** Sends the packet's bytes through the partner (or RTCP partner) to its peer, protecting them for a WebRTC partner. */
    private void forward(ByteBuf content, boolean rtcp) {
        packetsIn++;
        bytesIn += content.readableBytes();
        lastPacketNanos = System.nanoTime();
        MediaPort separate = rtcpPartner;
        MediaPort other = rtcp && separate != null ? separate : partner;
        Bundle routes = bundle;
        if (routes != null) {
            int section = rtcp ? routes.demux().sectionOfRtcp(content) : routes.demux().sectionOfRtp(content);
            other = section < 0 ? null : rtcp ? routes.rtcp()[section] : routes.rtp()[section];
        }
        InetSocketAddress destination = other == null ? null : other.peer();
        Channel out = other == null ? null : other.channel;
        if (destination == null || out == null || other.closed) {
            droppedNoDestination++;
            content.release();
            return;
        }
        WebRtcTransport otherSecure = other.webrtc;
        if (otherSecure != null && otherSecure.encrypted()) {
            SrtpContext outbound = otherSecure.outbound;
            if (outbound == null) {
                other.droppedSrtp++;
                content.release();
                return;
            }
            content = transform(content, outbound, rtcp, true);
            if (content == null) {
                other.droppedSrtp++;
                return;
            }
        }
        other.packetsOut++;
        // The received buffer travels on: no copy for plain RTP, no allocation beyond the envelope.
        out.writeAndFlush(new DatagramPacket(content, destination), out.voidPromise());
    }

    /**
     * SRTP protect or unprotect through a per-thread scratch array. Returns the buffer holding the
     * result: the same one when it has room (NIO), or a pooled one when the received buffer is a
     * fixed-size slice (epoll); null when the packet is refused (the input is then released).
     */
    private static ByteBuf transform(ByteBuf content, SrtpContext context, boolean rtcp, boolean protect) {
        int length = content.readableBytes();
        byte[] scratch = SCRATCH.get();
        if (length + SrtpContext.MAX_OVERHEAD > scratch.length) {
            content.release();
            return null;
        }
        content.getBytes(content.readerIndex(), scratch, 0, length);
        int result;
        if (protect) {
            result = rtcp ? context.protectRtcp(scratch, 0, length) : context.protectRtp(scratch, 0, length);
        } else {
            result = rtcp ? context.unprotectRtcp(scratch, 0, length) : context.unprotectRtp(scratch, 0, length);
        }
        if (result < 0) {
            content.release();
            return null;
        }
        ByteBuf out = content;
        if (content.maxCapacity() < result || content.refCnt() != 1) {
            out = content.alloc().directBuffer(result);
            content.release();
        }
        out.clear();
        out.ensureWritable(result);
        out.writeBytes(scratch, 0, result);
        return out;
    }

    /** RFC 5761 section 4: RTCP packet types 192-223 (the byte where RTP has marker and payload type). */
    static boolean isRtcp(ByteBuf content) {
        if (content.readableBytes() < 2) {
            return false;
        }
        int type = content.getUnsignedByte(content.readerIndex() + 1);
        return type >= 192 && type <= 223;
    }

    /** Sends bytes that this port made itself (STUN replies, DTLS flights). */
    void sendRaw(byte[] datagram, InetSocketAddress destination) {
        Channel out = channel;
        if (out != null && out.isActive()) {
            out.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), destination), out.voidPromise());
        }
    }
}
