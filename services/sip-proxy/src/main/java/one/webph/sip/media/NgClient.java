package one.webph.sip.media;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import one.webph.ng.BencodeException;
import one.webph.ng.NgMessage;

/**
 * The client side of rtpengine's ng protocol over UDP, toward one or more media relays (ours or
 * rtpengine): a fresh cookie per command, the same cookie on retries (the relay answers a repeated
 * cookie from its cache, so a retry never runs a command twice), a relay that stops answering is
 * skipped for a while. A call stays on the relay that took its offer. Called on the core thread;
 * replies are decoded on the socket's own event loop and handed back to the core.
 */
public final class NgClient {

    private static final Logger LOG = Logger.getLogger(NgClient.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long DEAD_FOR_MILLIS = 30_000;
    /** Replies come in bursts after a pause of the relay or of this JVM; a 128 KB buffer dropped some. */
    private static final int KERNEL_BUFFER = 4 << 20;
    private static final int LARGEST_DATAGRAM = 65536;

    private final Vertx vertx;
    private final Context core;
    private final Channel channel;
    private final List<InetSocketAddress> relays;
    private final long timeoutMillis;
    private final int attempts;
    private final Map<String, Promise<NgMessage>> waiting = new HashMap<>();
    private final Map<InetSocketAddress, Long> deadUntil = new HashMap<>();
    private int next;

    /**
     * @param core the context every reply is handed back on (the proxy's core)
     * @param reader the event loop the socket reads and decodes on (the caller picks one other than
     *     the core's, to keep that work off the core)
     */
    public NgClient(Vertx vertx, Context core, EventLoop reader, List<InetSocketAddress> relays, Duration timeout, int attempts) {
        this.vertx = vertx;
        this.core = core;
        this.relays = List.copyOf(relays);
        this.timeoutMillis = timeout.toMillis();
        this.attempts = attempts;
        // Netty directly rather than Vert.x's DatagramSocket, which reads every datagram into a
        // buffer as large as the kernel buffer: here the kernel keeps a burst of replies and each
        // read takes one buffer that fits the largest datagram (a browser's SDP can exceed 2 KB).
        this.channel = new Bootstrap().group(reader)
                .channelFactory(() -> ((VertxInternal) vertx).transport().datagramChannel())
                .option(ChannelOption.SO_RCVBUF, KERNEL_BUFFER)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(LARGEST_DATAGRAM))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
                        byte[] bytes = new byte[packet.content().readableBytes()];
                        packet.content().readBytes(bytes);
                        onReply(bytes);
                    }
                })
                .bind(new InetSocketAddress("0.0.0.0", 0)).syncUninterruptibly().channel();
    }

    /** A relay for a new call: the next one in turn that is not known to be dead. */
    public InetSocketAddress choose() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < relays.size(); i++) {
            InetSocketAddress relay = relays.get((next + i) % relays.size());
            if (deadUntil.getOrDefault(relay, 0L) <= now) {
                next = (next + i + 1) % relays.size();
                return relay;
            }
        }
        return relays.get(next++ % relays.size()); // All look dead: try one anyway.
    }

    public Future<NgMessage> send(InetSocketAddress relay, Map<String, Object> command) {
        byte[] cookieBytes = new byte[6];
        RANDOM.nextBytes(cookieBytes);
        String cookie = HexFormat.of().formatHex(cookieBytes);
        byte[] datagram = NgMessage.encode(cookie, command);
        Promise<NgMessage> promise = Promise.promise();
        waiting.put(cookie, promise);
        attempt(relay, cookie, datagram, promise, 1);
        return promise.future();
    }

    private void attempt(InetSocketAddress relay, String cookie, byte[] datagram, Promise<NgMessage> promise, int attempt) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), relay), channel.voidPromise());
        long timer = vertx.setTimer(timeoutMillis, t -> {
            if (promise.future().isComplete()) {
                return;
            }
            if (attempt < attempts) {
                attempt(relay, cookie, datagram, promise, attempt + 1);
                return;
            }
            waiting.remove(cookie);
            if (deadUntil.put(relay, System.currentTimeMillis() + DEAD_FOR_MILLIS) == null) {
                LOG.warnf("Media relay %s does not answer; skipping it for %d s", relay, DEAD_FOR_MILLIS / 1000);
            }
            promise.tryFail("media relay " + relay + " did not answer");
        });
        // A timer left to fire after its reply stays queued for the whole timeout: at hundreds of
        // calls a second that queue is thousands long and every timer costs more.
        promise.future().onComplete(done -> vertx.cancelTimer(timer));
    }

    /** On the socket's event loop: decodes there, completes on the core. */
    private void onReply(byte[] datagram) {
        NgMessage reply;
        try {
            reply = NgMessage.parse(datagram, 0, datagram.length);
        } catch (BencodeException e) {
            LOG.debugf("Unreadable ng reply: %s", e.getMessage());
            return;
        }
        core.runOnContext(v -> {
            Promise<NgMessage> promise = waiting.remove(reply.cookie());
            if (promise != null) {
                promise.tryComplete(reply);
            }
        });
    }

    public void close() {
        channel.close();
    }
}
