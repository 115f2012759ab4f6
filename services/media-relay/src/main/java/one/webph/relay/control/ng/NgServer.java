package one.webph.relay.control.ng;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import one.webph.ng.BencodeException;
import one.webph.ng.NgMessage;
import one.webph.relay.config.RelayConfig;
import one.webph.relay.session.CallRegistry;

/**
 * The ng control socket: receives {@code <cookie> <dictionary>} datagrams, answers a repeated
 * cookie from the reply cache (the controller retransmits over UDP), runs the command and sends
 * {@code <cookie> <reply>}. Malformed messages get {@code result: error} with a reason. Commands
 * run on a worker thread, off the event loop, since they bind sockets.
 */
@ApplicationScoped
public class NgServer {

    private static final Logger LOG = Logger.getLogger(NgServer.class);

    private final RelayConfig config;
    private final Vertx vertx;
    private final CallRegistry calls;
    private final Map<String, NgCommand> commands = new LinkedHashMap<>();
    private final Map<String, Cached> replies = new ConcurrentHashMap<>();
    private DatagramSocket socket;

    private record Cached(byte[] reply, long expiresNanos) {
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
        Gauge.builder("relay.ports.free", calls, CallRegistry::freePortPairs).description("Free RTP/RTCP port pairs").register(metrics);
        Gauge.builder("relay.packets.relayed", calls, c -> c.totals()[0]).description("RTP packets relayed by live calls").register(metrics);
        Gauge.builder("relay.packets.dropped", calls, c -> c.totals()[1]).tag("reason", "wrong_source").register(metrics);
        Gauge.builder("relay.packets.dropped", calls, c -> c.totals()[2]).tag("reason", "no_destination").register(metrics);
        Gauge.builder("relay.packets.dropped", calls, c -> c.totals()[3]).tag("reason", "srtp").register(metrics);
    }

    void start(@Observes StartupEvent event) {
        // Vert.x reads every datagram into a buffer of the receive buffer size: the largest UDP
        // datagram, not more (a megabyte here was a zeroed megabyte allocated per command).
        socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(65536));
        socket.handler(this::onDatagram);
        socket.listen(config.ng().port(), config.ng().host()).toCompletionStage().toCompletableFuture().join();
        LOG.infof("ng control listening on udp %s:%d", config.ng().host(), config.ng().port());
    }

    /** The bound control port (the configured one, or the one the system chose for port 0). */
    public int port() {
        return socket.localAddress().port();
    }

    void stop(@Observes ShutdownEvent event) {
        if (socket != null) {
            socket.close();
        }
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void housekeeping() {
        long now = System.nanoTime();
        replies.values().removeIf(cached -> cached.expiresNanos() < now);
        calls.endQuietCalls();
    }

    private void onDatagram(DatagramPacket packet) {
        byte[] bytes = packet.data().getBytes();
        String key = packet.sender().toString() + " " + NgMessage.cookieOf(bytes, 0, bytes.length).orElse("");
        Cached cached = replies.get(key);
        if (cached != null) {
            socket.send(Buffer.buffer(cached.reply()), packet.sender().port(), packet.sender().host());
            return;
        }
        vertx.<byte[]>executeBlocking(() -> reply(bytes), false).onSuccess(reply -> {
            if (reply != null) {
                replies.put(key, new Cached(reply, System.nanoTime() + config.ng().cookieCache().toNanos()));
                socket.send(Buffer.buffer(reply), packet.sender().port(), packet.sender().host());
            }
        });
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
