package one.webph.sip.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

/**
 * SIP over UDP (RFC 3261 §18): one datagram is one message. Hands every datagram up with its
 * flow (this socket and the sender); sends what the upper layers give it. Knows no SIP syntax.
 *
 * <p>Netty directly on Vert.x's event loops rather than Vert.x's DatagramSocket: that one uses its
 * receive buffer size as the size of every read buffer too, so a large kernel buffer meant a
 * multi-megabyte zeroed allocation per datagram. Here the kernel buffer is large and each read
 * takes one pooled buffer that fits the largest UDP datagram.
 */
public final class UdpTransport {

    private static final Logger LOG = Logger.getLogger(UdpTransport.class);
    private static final int KERNEL_BUFFER = 4 << 20;
    private static final int LARGEST_DATAGRAM = 65536;
    private static final int KNOWN_PEERS = 4096;
    private static final int FLUSHES_PER_BATCH = 64;

    private final Channel channel;
    private final ConcurrentHashMap<InetSocketAddress, UdpFlow> flows = new ConcurrentHashMap<>();

    private UdpTransport(Channel channel) {
        this.channel = channel;
    }

    /** @param loop the Vert.x event loop that reads (and parses, through the handler) and writes the socket */
    public static UdpTransport listen(Vertx vertx, EventLoop loop, String host, int port, int maxMessageSize, MessageHandler handler) {
        Receiver receiver = new Receiver(maxMessageSize, handler);
        // Vert.x's own transport (NIO, or epoll when Vert.x runs native) matches its event loops.
        io.netty.channel.ChannelFactory<Channel> channels = () -> ((VertxInternal) vertx).transport().datagramChannel();
        Channel channel = new Bootstrap().group(loop)
                .channelFactory(channels)
                .option(ChannelOption.SO_RCVBUF, KERNEL_BUFFER)
                .option(ChannelOption.SO_SNDBUF, KERNEL_BUFFER)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(LARGEST_DATAGRAM))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel udp) {
                        // Datagrams written while a batch of reads is handled, or queued by other
                        // threads meanwhile, leave in one sendmmsg at the batch's end rather than
                        // one system call each.
                        udp.pipeline().addLast(new FlushConsolidationHandler(FLUSHES_PER_BATCH, true), receiver);
                    }
                })
                .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
        UdpTransport transport = new UdpTransport(channel);
        receiver.transport = transport;
        LOG.infof("SIP over UDP on %s:%d (%s)", host, transport.port(),
                channel.getClass().getSimpleName().startsWith("Epoll") ? "native epoll" : "Java NIO");
        return transport;
    }

    private static final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
        private final int maxMessageSize;
        private final MessageHandler handler;
        private UdpTransport transport;

        Receiver(int maxMessageSize, MessageHandler handler) {
            this.maxMessageSize = maxMessageSize;
            this.handler = handler;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
            ByteBuf data = packet.content();
            InetSocketAddress source = packet.sender();
            if (data.readableBytes() > maxMessageSize) {
                LOG.debugf("Dropped a %d-byte datagram from %s: larger than the limit", data.readableBytes(), source);
                return;
            }
            Flow flow = transport.flowTo(source);
            byte[] message = new byte[data.readableBytes()];
            data.readBytes(message);
            MessageTrace.received(flow, message);
            handler.onMessage(message, flow);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            LOG.debugf("UDP receive error: %s", cause.getMessage());
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * The flow toward a UDP peer (UDP has no connection: any address can be sent to). One per
     * peer, so the tens of thousands of transactions that wait on their timers under load share
     * a few flows instead of holding four objects each.
     */
    public Flow flowTo(InetSocketAddress destination) {
        UdpFlow flow = flows.get(destination);
        if (flow == null) {
            if (flows.size() >= KNOWN_PEERS) {
                flows.clear(); // Many sources (a scan, a flood): sharing helps no more, memory must stay bounded.
            }
            flow = new UdpFlow(destination);
            UdpFlow first = flows.putIfAbsent(destination, flow);
            flow = first != null ? first : flow;
        }
        return flow;
    }

    public void close() {
        channel.close().syncUninterruptibly();
    }

    private final class UdpFlow implements Flow {
        private final InetSocketAddress remote;

        UdpFlow(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public String transport() {
            return "UDP";
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public boolean reliable() {
            return false;
        }

        @Override
        public boolean open() {
            return true;
        }

        @Override
        public void send(byte[] message) {
            MessageTrace.sent(this, message);
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(message), remote), channel.voidPromise());
        }

        @Override
        public String toString() {
            return key();
        }
    }
}
