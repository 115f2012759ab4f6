package one.webph.relay.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;

/**
 * Opens and closes the relay's UDP sockets on a few event-loop threads (Netty, NIO). Each socket
 * is a {@link MediaPort}. Thread-safe.
 */
public final class MediaSockets implements AutoCloseable {

    static final int RECEIVE_BUFFER = 1 << 20;

    private final EventLoopGroup loops;
    private final String listenIp;

    public MediaSockets(String listenIp, int threads) {
        this.listenIp = listenIp;
        this.loops = new NioEventLoopGroup(threads, new DefaultThreadFactory("media", true));
    }

    /** Binds a socket on the port; null when the port is taken. */
    public MediaPort open(int port) {
        MediaPort mediaPort = new MediaPort(port);
        try {
            Channel channel = new Bootstrap().group(loops).channel(NioDatagramChannel.class)
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
