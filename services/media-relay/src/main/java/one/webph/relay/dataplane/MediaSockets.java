package one.webph.relay.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
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
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;

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

    /** Binds a socket on the port, served by the loop; null when the port is taken. */
    public MediaPort open(int port, EventLoop loop) {
        MediaPort mediaPort = new MediaPort(port);
        try {
            Bootstrap bootstrap = new Bootstrap().group(loop).channel(channelType);
            if (channelType == EpollDatagramChannel.class) {
                // One datagram per wake-up, level-triggered: a stream at 50 packets/s rarely has a
                // second one waiting, and reading until the socket is empty (edge-triggered) cost a
                // second, failing recvmsg per packet, 29% of the relay's system calls at 400 calls
                // (perf stat). A socket with more waiting is simply ready again at the next epoll_wait.
                bootstrap.option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048).maxMessagesPerRead(1));
            }
            Channel channel = bootstrap
                    .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                    .option(ChannelOption.SO_SNDBUF, RECEIVE_BUFFER)
                    .handler(mediaPort)
                    .bind(new InetSocketAddress(listenIp, port)).sync().channel();
            mediaPort.attach(channel);
            return mediaPort;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        loops.shutdownGracefully();
    }
}
