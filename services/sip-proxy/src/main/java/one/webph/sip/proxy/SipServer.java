package one.webph.sip.proxy;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import one.webph.sip.auth.DigestAuthenticator;
import one.webph.sip.config.SipConfig;
import one.webph.sip.location.LocationStore;
import one.webph.sip.media.MediaAnchor;
import one.webph.sip.media.NgClient;
import one.webph.sip.push.PushNotifier;
import one.webph.sip.message.Forwarding;
import one.webph.sip.message.SipCodec;
import one.webph.sip.registrar.Registrar;
import one.webph.sip.routing.CommunityRoutes;
import one.webph.sip.routing.NumberRouter;
import one.webph.sip.transaction.TransactionLayer;
import one.webph.sip.transaction.VertxTimers;
import one.webph.sip.transport.ConnectionTable;
import one.webph.sip.transport.Flow;
import one.webph.sip.transport.MessageHandler;
import one.webph.sip.transport.StreamTransport;
import one.webph.sip.transport.UdpTransport;
import one.webph.sip.transport.WebSocketTransport;

/**
 * Starts the transports and runs the core: every message is screened and parsed on its
 * transport's event loop, then handled on one Vert.x context (the core thread), so transactions
 * and call state need no locks; database work goes to worker threads and its result comes back to
 * that context. Drops what banned sources send, answers malformed requests with 400, and
 * REGISTERs and new INVITEs without credentials with their challenge, where they were parsed
 * ({@link StatelessChallenge}); hands responses to their
 * transactions (or forwards them statelessly when the transaction is gone) and new requests to
 * the {@link Proxy}.
 */
@ApplicationScoped
public class SipServer implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(SipServer.class);

    private final SipConfig config;
    private final Vertx vertx;
    private final Registrar registrar;
    private final DigestAuthenticator authenticator;
    private final NumberRouter router;
    private final CommunityRoutes communityRoutes;
    private final LocationStore locations;
    private final FailedAuthBan authBans;
    private final FloodBan floodBan;
    private final one.webph.sip.store.OfflineMessages offline;
    private final ConnectionTable connections = new ConnectionTable();
    private Context core;
    private UdpTransport udp;
    private StreamTransport tcp;
    private StreamTransport tls;
    private WebSocketTransport ws;
    private TransactionLayer transactions;
    private Flows flows;
    private OwnAddresses us;
    private Proxy proxy;
    /** Set once the addresses are known; read by the transports' threads. */
    private volatile StatelessChallenge challenges;

    SipServer(SipConfig config, Vertx vertx, Registrar registrar, DigestAuthenticator authenticator, NumberRouter router,
              CommunityRoutes communityRoutes, LocationStore locations, FailedAuthBan authBans, FloodBan floodBan,
              one.webph.sip.store.OfflineMessages offline) {
        this.offline = offline;
        this.config = config;
        this.vertx = vertx;
        this.registrar = registrar;
        this.authenticator = authenticator;
        this.router = router;
        this.communityRoutes = communityRoutes;
        this.locations = locations;
        this.authBans = authBans;
        this.floodBan = floodBan;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        SipConfig.Transport t = config.transport();
        communityRoutes.reload();
        one.webph.sip.transport.MessageTrace.enable(config.trace());
        core = vertx.getOrCreateContext();
        udp = UdpTransport.listen(vertx, loopOtherThan(core), t.bindHost(), t.udpPort(), t.maxMessageSize(), this);
        if (t.tcpPort() >= 0) {
            tcp = StreamTransport.listen(vertx, t.bindHost(), t.tcpPort(), null, null, t.streamIdleTimeout(), t.maxMessageSize(), connections, this);
        }
        Path certificate = Path.of(t.tlsCertificate());
        Path key = Path.of(t.tlsKey());
        if (t.tlsPort() >= 0 && Files.isReadable(certificate) && Files.isReadable(key)) {
            tls = StreamTransport.listen(vertx, t.bindHost(), t.tlsPort(), certificate, key, t.streamIdleTimeout(), t.maxMessageSize(), connections, this);
        } else if (t.tlsPort() >= 0) {
            LOG.infof("SIP over TLS is off: no certificate at %s and key at %s", certificate.toAbsolutePath(), key.toAbsolutePath());
        }
        if (t.wsPort() >= 0) {
            ws = WebSocketTransport.listen(vertx, t.bindHost(), t.wsPort(), t.maxMessageSize(), t.wsAllowedOrigins(), connections, this);
        }
        Map<String, Integer> ports = new HashMap<>();
        ports.put("UDP", udp.port());
        if (tcp != null) {
            ports.put("TCP", tcp.port());
        }
        if (tls != null) {
            ports.put("TLS", tls.port());
        }
        if (ws != null) {
            ports.put("WS", ws.port());
        }
        String advertised = config.publicHost().filter(h -> !h.isBlank()).orElse(config.domain());
        us = new OwnAddresses(advertised, config.domain(), t.bindHost(), ports);
        transactions = new TransactionLayer(new VertxTimers(vertx), (long) t.completedTransactionsMb() << 20);
        flows = new Flows(vertx, udp, tcp, tls, connections);
        proxy = new Proxy(config, vertx, transactions, flows, us, new FlowTokens(config.proxy().flowTokenSecret()), authenticator,
                registrar, router, communityRoutes, authBans, mediaAnchor(), pushNotifier(), offline);
        challenges = new StatelessChallenge(authenticator, communityRoutes, us.hosts());
        LOG.infof("SIP proxy for domain %s, advertised as %s, ports %s", config.domain(), advertised, ports);
    }

    /**
     * An event loop that is not the core's, for the sockets whose reads are decoded where they are
     * read (SIP over UDP, the ng replies): with the parsing on the core's thread too (as happened
     * when both landed on one loop) that thread did nearly all the work, its queue grew and the
     * setup p99 with it.
     */
    private io.netty.channel.EventLoop loopOtherThan(Context context) {
        io.netty.channel.EventLoop coreLoop = ((io.vertx.core.impl.ContextInternal) context).nettyEventLoop();
        io.netty.channel.EventLoopGroup loops = vertx.nettyEventLoopGroup();
        io.netty.channel.EventLoop loop = loops.next();
        for (int i = 0; i < 16 && loop == coreLoop; i++) {
            loop = loops.next();
        }
        return loop;
    }

    private PushNotifier pushNotifier() {
        String url = config.push().webpushUrl().trim();
        if (url.isEmpty() || url.equalsIgnoreCase("none")) {
            LOG.warn("Push wake-ups are off (SIP_WEBPUSH_URL=none): calls to sleeping phones get 480 at once");
            return null;
        }
        LOG.infof("Sleeping phones are woken through webpush at %s", url);
        return new PushNotifier(vertx, java.net.URI.create(url), config.push().serviceToken(), config.push().timeout());
    }

    /**
     * The callee declined call {@code callId} from a notification: the caller gets 603. Runs on
     * the core thread; true when such a call was ringing.
     */
    public java.util.concurrent.CompletionStage<Boolean> decline(String number, String callId) {
        io.vertx.core.Promise<Boolean> done = io.vertx.core.Promise.promise();
        core.runOnContext(v -> done.complete(proxy.decline(number, callId)));
        return done.future().toCompletionStage();
    }

    private MediaAnchor mediaAnchor() {
        String relays = config.media().relays().trim();
        if (relays.isEmpty() || relays.equalsIgnoreCase("none")) {
            LOG.warn("Media is not anchored (SIP_MEDIA_RELAYS=none): SDP passes untouched, browsers cannot call SIP phones");
            return null;
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String relay : relays.split(",")) {
            String hostPort = relay.trim();
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("SIP_MEDIA_RELAYS: '" + hostPort + "' is not host:port");
            }
            addresses.add(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
        }
        LOG.infof("Media through the relay(s) %s", addresses);
        return new MediaAnchor(new NgClient(vertx, core, loopOtherThan(core), addresses, config.media().timeout(), 3));
    }

    void stop(@Observes ShutdownEvent event) {
        for (AutoCloseable closeable : new AutoCloseable[] {
                udp == null ? null : udp::close, tcp == null ? null : tcp::close, tls == null ? null : tls::close, ws == null ? null : ws::close}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                LOG.debugf("Closing a transport: %s", e.getMessage());
            }
        }
    }

    public int udpPort() {
        return udp.port();
    }

    public int tcpPort() {
        return tcp == null ? -1 : tcp.port();
    }

    public int tlsPort() {
        return tls == null ? -1 : tls.port();
    }

    public int wsPort() {
        return ws == null ? -1 : ws.port();
    }

    /** Open TCP, TLS and WebSocket connections. */
    public int connections() {
        return connections.size();
    }

    /**
     * Screening, parsing and the challenge of a request without credentials run on the transport's
     * own event loop (they touch no call state), so the core thread only does what needs it:
     * transactions and routing. A REGISTER with credentials goes to the core as it came and is
     * parsed there: it goes there anyway (no stateless answer applies to it), and the registrar's
     * share of the core is small, so parsing is shared between the two threads. With every message
     * parsed on the transport's thread, at 20000 REGISTER/s that thread used 0.67 of a core and the
     * core's 0.29, and the busier one set the latency. Calls are the other way round: the core does
     * most of a call's work, and with INVITEs parsed there too, ad hoc runs at 5000 calls/s failed
     * 10,725-15,834 calls, against none with them parsed on the transport's thread. A REGISTER
     * without credentials in plain form is not parsed at all: its 401 is built from its text.
     */
    @Override
    public void onMessage(byte[] bytes, Flow flow) {
        if (SipCodec.isRegisterWithCredentials(bytes)) {
            core.runOnContext(v -> {
                if (admitted(bytes, flow)) {
                    handle(bytes, flow, Runnable::run);
                }
            });
        } else if (admitted(bytes, flow)) {
            StatelessChallenge challenge = challenges;
            if (challenge == null || !challenge.answeredUnparsed(bytes, flow)) {
                handle(bytes, flow, task -> core.runOnContext(v -> task.run()));
            }
        }
    }

    /** Parses an admitted message, answers a challenge or hands the message to the core with {@code toCore}. */
    private void handle(byte[] bytes, Flow flow, java.util.function.Consumer<Runnable> toCore) {
        SipCodec.Parsed parsed = parse(bytes, flow);
        if (parsed instanceof SipCodec.Request request) {
            SipCodec.markReceived(request.request(), flow.remote().getAddress().getHostAddress(), flow.remote().getPort());
            StatelessChallenge challenge = challenges;
            if (challenge != null && challenge.answered(request.request(), flow)) {
                return;
            }
            toCore.accept(() -> onRequest(request.request(), flow));
        } else if (parsed instanceof SipCodec.Response response) {
            toCore.accept(() -> onResponse(response.response()));
        }
    }

    @Override
    public void onFlowClosed(Flow flow) {
        String received = flow.remote().getAddress().getHostAddress() + ":" + flow.remote().getPort();
        vertx.executeBlocking(() -> locations.removeFlow(flow.transport(), received), false)
                .onSuccess(removed -> {
                    if (removed > 0) {
                        LOG.infof("%s connection from %s closed: %d registration(s) over it removed", flow.transport(), received, removed);
                    }
                })
                .onFailure(error -> LOG.warnf("Could not remove the registrations of closed %s: %s", flow, error.getMessage()));
    }

    /** False for what banned or flooding sources send and for keep-alives: dropped. Thread-safe. */
    private boolean admitted(byte[] bytes, Flow flow) {
        String sourceIp = flow.remote().getAddress().getHostAddress();
        if (authBans.isBanned(sourceIp) || isKeepAlive(bytes)) {
            return false;
        }
        return floodBan.allow(sourceIp) || communityRoutes.trustedSource(sourceIp).isPresent();
    }

    /** The message parsed, or null when it was malformed (a request then gets its 400). Thread-safe. */
    private SipCodec.Parsed parse(byte[] bytes, Flow flow) {
        SipCodec.Parsed parsed = SipCodec.parse(bytes);
        if (parsed instanceof SipCodec.Malformed malformed) {
            if (malformed.request() != null && !"ACK".equals(malformed.request().getMethod())) {
                LOG.debugf("%d to %s: %s", malformed.status(), flow, malformed.reason());
                flow.send(SipCodec.encode(SipCodec.respond(malformed.request(), malformed.status(), malformed.reasonPhrase())));
            } else {
                LOG.debugf("Dropped a malformed message from %s: %s", flow, malformed.reason());
            }
            return null;
        }
        return parsed;
    }

    private void onRequest(SIPRequest request, Flow flow) {
        switch (transactions.receive(request, flow)) {
            case TransactionLayer.New created -> proxy.onRequest(created.transaction());
            case TransactionLayer.StrayAck ack -> proxy.onStrayAck(request, flow);
            case TransactionLayer.Absorbed absorbed -> {
            }
        }
    }

    /** RFC 3261 §16.11: a response no transaction waits for (a 2xx retransmission) goes on statelessly. */
    private void onResponse(SIPResponse response) {
        if (transactions.receive(response) || !Forwarding.topViaIsOurs(response, us.hosts())) {
            return;
        }
        Optional<Forwarding.NextHop> next = Forwarding.popVia(response);
        if (next.isEmpty()) {
            return;
        }
        if (!next.get().host().matches("[0-9a-fA-F:.]+")) {
            LOG.debugf("Dropped a stray response: next Via %s is not an address", next.get().host());
            return;
        }
        try {
            InetSocketAddress address = new InetSocketAddress(next.get().host(), next.get().port());
            String transport = next.get().transport().startsWith("WS") ? "WS" : next.get().transport();
            flows.forAddress(transport, address).ifPresent(flow -> flow.send(SipCodec.encode(response)));
        } catch (IllegalArgumentException e) {
            LOG.debugf("Dropped a stray response: next Via %s is not an address", next.get().host());
        }
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
