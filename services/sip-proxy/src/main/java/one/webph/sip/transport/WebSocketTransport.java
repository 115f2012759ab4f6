package one.webph.sip.transport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * SIP over WebSocket (RFC 7118), the browsers' transport: the handshake must ask for the
 * {@code sip} sub-protocol and come from an allowed Origin; each WebSocket message (text or
 * binary, possibly sent in fragments) is one SIP message; frames and messages are capped;
 * pings are answered by Vert.x. TLS is ended in front (Caddy), so wss arrives here as ws.
 */
public final class WebSocketTransport {

    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class);

    private final HttpServer server;

    private WebSocketTransport(HttpServer server) {
        this.server = server;
    }

    /** {@code allowedOrigins} empty or containing "*" lets every Origin in (digest still guards everything). */
    public static WebSocketTransport listen(Vertx vertx, String host, int port, int maxMessageSize, Set<String> allowedOrigins,
                                            ConnectionTable table, MessageHandler handler) {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
                .setWebSocketSubProtocols(List.of("sip"))
                .setMaxWebSocketFrameSize(Math.min(maxMessageSize, 65536))
                .setMaxWebSocketMessageSize(maxMessageSize)
                .setIdleTimeout(0);
        HttpServer server = vertx.createHttpServer(options);
        boolean anyOrigin = allowedOrigins.isEmpty() || allowedOrigins.contains("*");
        server.webSocketHandshakeHandler(handshake -> accept(handshake, anyOrigin, allowedOrigins));
        server.webSocketHandler(socket -> open(socket, table, handler));
        server.requestHandler(request -> request.response().setStatusCode(426).putHeader("Upgrade", "websocket")
                .end("SIP over WebSocket (RFC 7118): connect with the 'sip' sub-protocol\n"));
        server.listen().toCompletionStage().toCompletableFuture().join();
        LOG.infof("SIP over WebSocket on %s:%d (origins: %s)", host, server.actualPort(), anyOrigin ? "any" : allowedOrigins);
        return new WebSocketTransport(server);
    }

    private static void accept(ServerWebSocketHandshake handshake, boolean anyOrigin, Set<String> allowedOrigins) {
        String protocols = handshake.headers().get("Sec-WebSocket-Protocol");
        boolean asksForSip = protocols != null && List.of(protocols.split("\\s*,\\s*")).contains("sip");
        if (!asksForSip) {
            LOG.debugf("Refused a WebSocket from %s: no 'sip' sub-protocol", handshake.remoteAddress());
            handshake.reject(400);
            return;
        }
        String origin = handshake.headers().get("Origin");
        if (!anyOrigin && (origin == null || !allowedOrigins.contains(origin))) {
            LOG.infof("Refused a WebSocket from %s: Origin %s is not in SIP_WS_ALLOWED_ORIGINS", handshake.remoteAddress(), origin);
            handshake.reject(403);
            return;
        }
        handshake.accept();
    }

    private static void open(ServerWebSocket socket, ConnectionTable table, MessageHandler handler) {
        WebSocketFlow flow = new WebSocketFlow(socket);
        table.opened(flow);
        socket.textMessageHandler(text -> received(text.getBytes(StandardCharsets.UTF_8), flow, handler));
        socket.binaryMessageHandler(binary -> received(binary.getBytes(), flow, handler));
        socket.closeHandler(v -> {
            flow.closed();
            table.closed(flow);
            handler.onFlowClosed(flow);
        });
        socket.exceptionHandler(error -> {
            LOG.debugf("WebSocket %s: %s", flow.remote(), error.getMessage());
            socket.close();
        });
    }

    private static void received(byte[] message, Flow flow, MessageHandler handler) {
        MessageTrace.received(flow, message);
        handler.onMessage(message, flow);
    }

    public int port() {
        return server.actualPort();
    }

    public void close() {
        server.close();
    }

    private static final class WebSocketFlow extends ConnectionFlow {
        private final ServerWebSocket socket;

        WebSocketFlow(ServerWebSocket socket) {
            super("WS", new InetSocketAddress(socket.remoteAddress().host(), socket.remoteAddress().port()));
            this.socket = socket;
        }

        @Override
        void write(byte[] message) {
            // RFC 7118 §4: SIP messages go as text frames when they are UTF-8, which they are here.
            socket.writeTextMessage(new String(message, StandardCharsets.UTF_8));
        }
    }
}
