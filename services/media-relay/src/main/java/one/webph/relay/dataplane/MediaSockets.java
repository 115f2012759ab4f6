package one.webph.relay.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * Opens and closes the relay's UDP sockets on a few event-loop threads: native epoll on Linux
 * x86-64 (fewer copies and system calls per packet), NIO where epoll is not available. Each socket
 * is a {@link MediaPort}. Thread-safe.
 */
public final class MediaSockets implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MediaSockets.class);
    static final int RECEIVE_BUFFER = 1 << 20;

    private final EventLoopGroup loops;
    private final Class<? extends DatagramChannel> channelType;
    private final String listenIp;

    public MediaSockets(String listenIp, int threads) {
        this.listenIp = listenIp;
        DefaultThreadFactory factory = new DefaultThreadFactory("media", true);
        if (Epoll.isAvailable()) {
            this.loops = new EpollEventLoopGroup(threads, factory);
            this.channelType = EpollDatagramChannel.class;
        } else {
            this.loops = new NioEventLoopGroup(threads, factory);
            this.channelType = NioDatagramChannel.class;
        }
        LOG.infof("Media sockets on %s (%d event loops)", transport(), threads);
    }

    /** "epoll" or "nio". */
    public String transport() {
        return channelType == EpollDatagramChannel.class ? "epoll" : "nio";
    }

    /**
     * The event loop for the sockets of one call. Every socket of a call is served by the same
     * thread, so a packet is forwarded without passing between threads, and calls take turns over
     * the loops. (Letting each socket take the next loop put every RTP socket on one loop and every
     * RTCP socket on the other, as they are opened in pairs: half the relay sat idle.)
     */
    public EventLoop nextLoop() {
        return loops.next();
    }

    /**
     * Binds a socket on the port, for the loop; null when the port is taken. The socket is bound
     * here, on the caller's thread, and receives once {@link #serve} has handed it to its loop.
     * (Binding through the loop and waiting, register then bind for each socket, cost eight
     * thread switches per call offer: on this kind of virtual machine more than rtpengine spends
     * on a whole call.)
     */
    public MediaPort bind(int port, EventLoop loop) {
        Channel channel;
        try {
            channel = bound(new InetSocketAddress(listenIp, port));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (channel instanceof EpollDatagramChannel) {
            // One datagram per wake-up, level-triggered: a stream at 50 packets/s rarely has a
            // second one waiting, and reading until the socket is empty (edge-triggered) cost a
            // second, failing recvmsg per packet, 29% of the relay's system calls at 400 calls
            // (perf stat). A socket with more waiting is simply ready again at the next epoll_wait.
            channel.config().setOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
            channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(2048).maxMessagesPerRead(1));
        }
        MediaPort mediaPort = new MediaPort(port);
        channel.pipeline().addLast(mediaPort);
        mediaPort.attach(channel, loop);
        return mediaPort;
    }

    /**
     * Hands freshly bound sockets to their loop in one task, so a command that opens several
     * (an offer: four) wakes the loop once. Packets that arrive before are kept by the kernel.
     */
    public void serve(List<MediaPort> ports, EventLoop loop) {
        if (ports.isEmpty()) {
            return;
        }
        loop.execute(() -> {
            for (MediaPort port : ports) {
                Channel channel = port.channel();
                loop.register(channel).addListener(registered -> {
                    if (!registered.isSuccess()) {
                        LOG.warnf("Media port %d could not join its event loop: %s", port.port(), registered.cause());
                        channel.unsafe().closeForcibly();
                    }
                });
            }
        });
    }

    /** A UDP socket bound to the address, with large kernel buffers; not yet on any loop. */
    private Channel bound(InetSocketAddress address) throws IOException {
        if (channelType == EpollDatagramChannel.class) {
            Socket socket = Socket.newSocketDgram();
            try {
                socket.setReceiveBufferSize(RECEIVE_BUFFER);
                socket.setSendBufferSize(RECEIVE_BUFFER);
                socket.bind(address);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
            return new EpollDatagramChannel(socket.intValue());
        }
        java.nio.channels.DatagramChannel socket = java.nio.channels.DatagramChannel.open();
        try {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            socket.setOption(StandardSocketOptions.SO_SNDBUF, RECEIVE_BUFFER);
            socket.bind(address);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new NioDatagramChannel(socket);
    }

    @Override
    public void close() {
        loops.shutdownGracefully();
    }
}
