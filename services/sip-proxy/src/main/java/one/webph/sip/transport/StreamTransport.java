package one.webph.sip.transport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

/**
 * SIP over TCP or TLS (RFC 3261 §18.3): accepts connections, frames each stream by
 * Content-Length, answers RFC 5626 CRLF keep-alives, closes idle connections and connections
 * that break the framing or the size limit; opens outgoing connections to reach community
 * servers reached over TCP. Every connection is in the {@link ConnectionTable} while open.
 */
public final class StreamTransport {

    private static final Logger LOG = Logger.getLogger(StreamTransport.class);

    private final String name;
    private final NetServer server;
    private final NetClient client;
    private final ConnectionTable table;
    private final MessageHandler handler;
    private final int maxMessageSize;
    private final Map<String, Future<Flow>> connecting = new ConcurrentHashMap<>();

    private StreamTransport(String name, NetServer server, NetClient client, ConnectionTable table, MessageHandler handler, int maxMessageSize) {
        this.name = name;
        this.server = server;
        this.client = client;
        this.table = table;
        this.handler = handler;
        this.maxMessageSize = maxMessageSize;
    }

    /** TCP when {@code certificate} is null, otherwise TLS with that PEM chain and key. */
    public static StreamTransport listen(Vertx vertx, String host, int port, Path certificate, Path key, Duration idleTimeout,
                                         int maxMessageSize, ConnectionTable table, MessageHandler handler) {
        boolean tls = certificate != null;
        NetServerOptions options = new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                .setIdleTimeout((int) idleTimeout.toSeconds()).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
        NetClientOptions clientOptions = new NetClientOptions().setConnectTimeout(5000).setTcpNoDelay(true)
                .setIdleTimeout((int) idleTimeout.toSeconds()).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
        if (tls) {
            PemKeyCertOptions pem = new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(key.toString());
            options.setSsl(true).setKeyCertOptions(pem);
            clientOptions.setSsl(true).setTrustAll(false);
        }
        NetServer server = vertx.createNetServer(options);
        StreamTransport transport = new StreamTransport(tls ? "TLS" : "TCP", server, vertx.createNetClient(clientOptions), table,
                handler, maxMessageSize);
        server.connectHandler(transport::accept);
        server.listen().toCompletionStage().toCompletableFuture().join();
        LOG.infof("SIP over %s on %s:%d", transport.name, host, server.actualPort());
        return transport;
    }

    public int port() {
        return server.actualPort();
    }

    /** The open connection to {@code destination}, or a new one. */
    public Future<Flow> connect(InetSocketAddress destination) {
        String key = Flow.key(name, destination);
        Flow open = table.find(key).orElse(null);
        if (open != null) {
            return Future.succeededFuture(open);
        }
        return connecting.computeIfAbsent(key, k -> client.connect(destination.getPort(), destination.getAddress().getHostAddress())
                .map(socket -> (Flow) accept(socket))
                .onComplete(done -> connecting.remove(k)));
    }

    private StreamFlow accept(NetSocket socket) {
        StreamFlow flow = new StreamFlow(socket);
        StreamFramer framer = new StreamFramer(maxMessageSize);
        table.opened(flow);
        socket.handler(buffer -> {
            StreamFramer.Frames frames = framer.feed(buffer.getBytes());
            for (byte[] message : frames.messages()) {
                MessageTrace.received(flow, message);
                handler.onMessage(message, flow);
            }
            for (int i = 0; i < frames.pings(); i++) {
                socket.write(Buffer.buffer("\r\n")); // RFC 5626 §3.5.1: pong.
            }
            if (frames.error() != null) {
                LOG.infof("Closed the %s connection from %s: %s", name, flow.remote(), frames.error());
                socket.close();
            }
        });
        socket.closeHandler(v -> {
            flow.closed();
            table.closed(flow);
            handler.onFlowClosed(flow);
        });
        socket.exceptionHandler(error -> LOG.debugf("%s connection %s: %s", name, flow.remote(), error.getMessage()));
        return flow;
    }

    public void close() {
        server.close();
        client.close();
    }

    private final class StreamFlow extends ConnectionFlow {
        private final NetSocket socket;

        StreamFlow(NetSocket socket) {
            super(name, new InetSocketAddress(socket.remoteAddress().host(), socket.remoteAddress().port()));
            this.socket = socket;
        }

        @Override
        void write(byte[] message) {
            socket.write(Buffer.buffer(message));
        }
    }
}
