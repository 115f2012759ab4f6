package one.webph.sip.proxy;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import one.webph.sip.config.SipConfig;
import one.webph.sip.message.SipCodec;
import one.webph.sip.registrar.Registrar;
import one.webph.sip.transport.MessageHandler;
import one.webph.sip.transport.UdpTransport;

/**
 * The core's entry: receives parsed messages from the transports, answers what is malformed,
 * absorbs retransmissions of non-INVITE requests with the response already sent (RFC 3261
 * §17.2.2), and hands requests to the registrar. Routing of calls is not built yet: other
 * requests get 501. Parsing runs on the event loop; database work on worker threads.
 */
@ApplicationScoped
public class SipServer implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(SipServer.class);
    /** RFC 3261 Timer J for UDP: 64 × T1. */
    static final long RETRANSMISSION_MEMORY_MILLIS = 32_000;

    private record Sent(byte[] response, long expiresAt) {
    }

    private final SipConfig config;
    private final Vertx vertx;
    private final Registrar registrar;
    private final FailedAuthBan bans;
    private final Map<String, Sent> recent = new ConcurrentHashMap<>();
    private UdpTransport udp;

    SipServer(SipConfig config, Vertx vertx, Registrar registrar, FailedAuthBan bans) {
        this.config = config;
        this.vertx = vertx;
        this.registrar = registrar;
        this.bans = bans;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        udp = UdpTransport.listen(vertx, config.transport().bindHost(), config.transport().udpPort(),
                config.transport().maxMessageSize(), this);
    }

    void stop(@Observes ShutdownEvent event) {
        if (udp != null) {
            udp.close();
        }
    }

    /** The bound UDP port (the system's choice when configured as 0). */
    public int udpPort() {
        return udp.port();
    }

    @Override
    public void onMessage(byte[] bytes, InetSocketAddress source, UdpTransport transport) {
        String sourceIp = source.getAddress().getHostAddress();
        if (bans.isBanned(sourceIp)) {
            return;
        }
        if (isKeepAlive(bytes)) {
            return;
        }
        SipCodec.Parsed parsed = SipCodec.parse(bytes);
        if (parsed instanceof SipCodec.Malformed malformed) {
            if (malformed.request() != null && !"ACK".equals(malformed.request().getMethod())) {
                LOG.debugf("400 to %s: %s", source, malformed.reason());
                send(SipCodec.respond(malformed.request(), 400, "Bad Request (" + malformed.reason() + ")"), source, transport, null);
            } else {
                LOG.debugf("Dropped a malformed message from %s: %s", source, malformed.reason());
            }
            return;
        }
        if (parsed instanceof SipCodec.Response) {
            return; // No client transactions yet: nothing is waiting for a response.
        }
        SIPRequest request = ((SipCodec.Request) parsed).request();
        SipCodec.markReceived(request, sourceIp, source.getPort());
        String key = request.getTopmostVia().getBranch() + " " + request.getMethod() + " " + source;
        Sent previous = "ACK".equals(request.getMethod()) ? null
                : recent.putIfAbsent(key, new Sent(null, System.currentTimeMillis() + RETRANSMISSION_MEMORY_MILLIS));
        if (previous != null) {
            // RFC 3261 §17.2.2: a retransmission is absorbed; once answered, it gets the same answer again.
            if (previous.response() != null) {
                transport.send(previous.response(), source);
            }
            return;
        }
        if (request.getMaxForwards() != null && request.getMaxForwards().getMaxForwards() <= 0 && !"REGISTER".equals(request.getMethod())) {
            send(SipCodec.respond(request, 483, "Too Many Hops"), source, transport, key);
            return;
        }
        switch (request.getMethod()) {
            case "REGISTER" -> vertx.executeBlocking(() -> registrar.register(request, source, transport.name()), false)
                    .onSuccess(outcome -> {
                        if (outcome.failedAuthentication()) {
                            bans.failed(sourceIp);
                        }
                        send(outcome.response(), source, transport, key);
                    })
                    .onFailure(error -> {
                        LOG.errorf("REGISTER from %s failed: %s", source, error.getMessage());
                        send(SipCodec.respond(request, 500, "Server Internal Error"), source, transport, key);
                    });
            case "OPTIONS" -> {
                SIPResponse ok = SipCodec.respond(request, 200, "OK");
                send(ok, source, transport, key);
            }
            case "ACK" -> {
                // ACKs to our own final responses end nothing here: no INVITE server transactions yet.
            }
            default -> send(SipCodec.respond(request, 501, "Not Implemented (calls are not routed yet)"), source, transport, key);
        }
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldResponses() {
        long now = System.currentTimeMillis();
        recent.values().removeIf(sent -> sent.expiresAt() < now);
    }

    private void send(SIPResponse response, InetSocketAddress destination, UdpTransport transport, String key) {
        byte[] bytes = SipCodec.encode(response);
        if (key != null && response.getStatusCode() >= 200) {
            recent.put(key, new Sent(bytes, System.currentTimeMillis() + RETRANSMISSION_MEMORY_MILLIS));
        }
        // RFC 3581: answer to where the request came from, which is what rport asks for and what NAT needs.
        transport.send(bytes, destination);
    }

    /** RFC 5626 §4.4.1 keep-alives on datagrams: a bare CRLF (or CRLFCRLF). */
    private static boolean isKeepAlive(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
