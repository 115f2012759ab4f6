package one.webph.sip.transport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;

import java.net.InetSocketAddress;

import org.jboss.logging.Logger;

/**
 * SIP over UDP (RFC 3261 §18): one datagram is one message. Hands every datagram up to the
 * {@link MessageHandler} with its source; sends what the upper layers give it. Runs on a Vert.x
 * event loop; knows nothing of SIP syntax.
 */
public final class UdpTransport {

    private static final Logger LOG = Logger.getLogger(UdpTransport.class);

    private final DatagramSocket socket;
    private final int maxMessageSize;

    private UdpTransport(DatagramSocket socket, int maxMessageSize) {
        this.socket = socket;
        this.maxMessageSize = maxMessageSize;
    }

    public static UdpTransport listen(Vertx vertx, String host, int port, int maxMessageSize, MessageHandler handler) {
        DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions()
                .setReceiveBufferSize(4 << 20).setSendBufferSize(4 << 20));
        UdpTransport transport = new UdpTransport(socket, maxMessageSize);
        socket.handler(packet -> {
            Buffer data = packet.data();
            InetSocketAddress source = new InetSocketAddress(packet.sender().host(), packet.sender().port());
            if (data.length() > transport.maxMessageSize) {
                LOG.debugf("Dropped a %d-byte datagram from %s: larger than the limit", data.length(), source);
                return;
            }
            handler.onMessage(data.getBytes(), source, transport);
        });
        socket.listen(port, host).toCompletionStage().toCompletableFuture().join();
        LOG.infof("SIP over UDP on %s:%d", host, transport.port());
        return transport;
    }

    public int port() {
        return socket.localAddress().port();
    }

    public void send(byte[] message, InetSocketAddress destination) {
        socket.send(Buffer.buffer(message), destination.getPort(), destination.getHostString());
    }

    public String name() {
        return "UDP";
    }

    public void close() {
        socket.close();
    }
}
