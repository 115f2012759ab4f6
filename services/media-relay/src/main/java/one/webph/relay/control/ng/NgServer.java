package one.webph.relay.control.ng;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import one.webph.ng.BencodeException;
import one.webph.ng.NgMessage;
import one.webph.relay.config.RelayConfig;
import one.webph.relay.session.CallRegistry;

/**
 * The ng control socket: receives {@code <cookie> <dictionary>} datagrams, answers a repeated
 * cookie from the reply cache (the controller retransmits over UDP), runs the command and sends
 * {@code <cookie> <reply>}. Malformed messages get {@code result: error} with a reason. Commands
 * run on the control socket's event loop, one after another, as rtpengine's control thread does:
 * none waits on anything (sockets are bound without waiting for their media loop), and handing
 * each to a worker thread and back cost more than the command itself.
 */
@ApplicationScoped
public class NgServer {

    private static final Logger LOG = Logger.getLogger(NgServer.class);
    /**
     * Commands come in bursts (a controller's calls starting together, or its retries after a
     * pause): the kernel keeps up to this much while the loop is busy. A 128 KB buffer dropped
     * offers under load, each then waited for the controller's one-second retry.
     */
    private static final int KERNEL_BUFFER = 4 << 20;
    private static final int LARGEST_DATAGRAM = 65536;

    private final RelayConfig config;
    private final Vertx vertx;
    private final CallRegistry calls;
    private final Map<String, NgCommand> commands = new LinkedHashMap<>();
    private final Map<String, Cached> replies = new ConcurrentHashMap<>();
    /** The kept replies in the order they were made, which is also the order they expire in. */
    private final ConcurrentLinkedQueue<Cached> repliesInOrder = new ConcurrentLinkedQueue<>();
    private final AtomicLong replyBytes = new AtomicLong();
    private Channel channel;

    private record Cached(String key, byte[] reply, long expiresNanos) {
        /** The reply, its key and what the map and queue spend on it. */
        long size() {
            return reply.length + 2L * key.length() + 150;
        }
    }

    NgServer(RelayConfig config, Vertx vertx, CallRegistry calls, MeterRegistry metrics, Ping ping, Offer offer, Answer answer,
             Delete delete, Query query, ListCalls list) {
        this.config = config;
        this.vertx = vertx;
        this.calls = calls;
        commands.put("ping", ping);
        commands.put("offer", offer);
        commands.put("answer", answer);
        commands.put("delete", delete);
        commands.put("query", query);
        commands.put("list", list);
        Gauge.builder("relay.sessions", calls, CallRegistry::size).description("Calls the relay carries").register(metrics);
        Gauge.builder("relay.ng.reply.cache.bytes", replyBytes, AtomicLong::get)
                .description("Bytes of ng replies kept for retransmitted commands").register(metrics);
        Gauge.builder("relay.ports.free", calls, CallRegistry::freePortPairs).description("Free RTP/RTCP port pairs").register(metrics);
        Gauge.builder("relay.packets.relayed", calls, c -> c.totals()[0]).description("RTP packets relayed by live calls").register(metrics);
        Gauge.builder("relay.packets.dropped", calls, c -> c.totals()[1]).tag("reason", "wrong_source").register(metrics);
        Gauge.builder("relay.packets.dropped", calls, c -> c.totals()[2]).tag("reason", "no_destination").register(metrics);
        Gauge.builder("relay.packets.dropped", calls, c -> c.totals()[3]).tag("reason", "srtp").register(metrics);
    }

    void start(@Observes StartupEvent event) {
        // Netty directly on a Vert.x event loop rather than Vert.x's DatagramSocket, which reads
        // every datagram into a buffer as large as the kernel buffer: here the kernel buffer is
        // large and each read takes one buffer that fits the largest datagram.
        channel = new Bootstrap().group(vertx.nettyEventLoopGroup())
                .channelFactory(() -> ((VertxInternal) vertx).transport().datagramChannel())
                .option(ChannelOption.SO_RCVBUF, KERNEL_BUFFER)
                .option(ChannelOption.SO_SNDBUF, KERNEL_BUFFER)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(LARGEST_DATAGRAM))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
                        byte[] bytes = new byte[packet.content().readableBytes()];
                        packet.content().readBytes(bytes);
                        onDatagram(bytes, packet.sender());
                    }
                })
                .bind(new InetSocketAddress(config.ng().host(), config.ng().port())).syncUninterruptibly().channel();
        LOG.infof("ng control listening on udp %s:%d", config.ng().host(), port());
    }

    /** The bound control port (the configured one, or the one the system chose for port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    void stop(@Observes ShutdownEvent event) {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void housekeeping() {
        long now = System.nanoTime();
        forgetOldestReplies(cached -> cached.expiresNanos() < now);
        calls.endQuietCalls();
    }

    private void onDatagram(byte[] bytes, InetSocketAddress sender) {
        String key = sender + " " + NgMessage.cookieOf(bytes, 0, bytes.length).orElse("");
        Cached cached = replies.get(key);
        if (cached != null) {
            send(cached.reply(), sender);
            return;
        }
        byte[] reply = reply(bytes);
        if (reply != null) {
            keep(new Cached(key, reply, System.nanoTime() + config.ng().cookieCache().toNanos()));
            send(reply, sender);
        }
    }

    private void keep(Cached cached) {
        Cached replaced = replies.put(cached.key(), cached);
        if (replaced != null) {
            repliesInOrder.remove(replaced);
            replyBytes.addAndGet(-replaced.size());
        }
        repliesInOrder.add(cached);
        long budget = (long) config.ng().replyCacheMb() << 20;
        if (replyBytes.addAndGet(cached.size()) > budget) {
            forgetOldestReplies(oldest -> replyBytes.get() > budget * 9 / 10);
        }
    }

    /** Forgets kept replies from the oldest on, while {@code stillTooMany} says so. */
    private void forgetOldestReplies(java.util.function.Predicate<Cached> stillTooMany) {
        for (Cached oldest = repliesInOrder.peek(); oldest != null && stillTooMany.test(oldest); oldest = repliesInOrder.peek()) {
            if (repliesInOrder.remove(oldest)) {
                replies.remove(oldest.key(), oldest);
                replyBytes.addAndGet(-oldest.size());
            }
        }
    }

    /** Bytes the replies kept for retransmitted commands take now. */
    long keptReplyBytes() {
        return replyBytes.get();
    }

    private void send(byte[] datagram, InetSocketAddress destination) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), destination), channel.voidPromise());
    }

    /** The reply datagram, or null when the datagram has no cookie to answer to. */
    byte[] reply(byte[] datagram) {
        var cookie = NgMessage.cookieOf(datagram, 0, datagram.length);
        if (cookie.isEmpty()) {
            LOG.debug("Dropped an ng datagram without a cookie");
            return null;
        }
        Map<String, Object> reply;
        try {
            NgMessage message = NgMessage.parse(datagram, 0, datagram.length);
            NgCommand command = commands.get(message.command());
            if (command == null) {
                throw new NgException("Unrecognized command '" + message.command() + "'");
            }
            reply = command.handle(message);
        } catch (BencodeException e) {
            reply = error("Could not decode dictionary: " + e.getMessage());
        } catch (NgException | IllegalArgumentException e) {
            reply = error(e.getMessage());
        } catch (CallRegistry.NoPortsException e) {
            LOG.warn("Refused a call: the media port range is used up");
            reply = error("Ran out of ports");
        } catch (RuntimeException e) {
            LOG.error("ng command failed unexpectedly", e);
            reply = error("Internal error");
        }
        return NgMessage.encode(cookie.get(), reply);
    }

    private static Map<String, Object> error(String reason) {
        return Map.of("result", "error", "error-reason", reason);
    }
}
