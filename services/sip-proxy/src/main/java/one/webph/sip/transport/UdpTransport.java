package one.webph.sip.transport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;

import java.net.InetSocketAddress;

import org.jboss.logging.Logger;

/**
 * SIP over UDP (RFC 3261 §18): one datagram is one message. Hands every datagram up with its
 * flow (this socket and the sender); sends what the upper layers give it. Knows no SIP syntax.
 */
public final class UdpTransport {

    private static final Logger LOG = Logger.getLogger(UdpTransport.class);

    private final DatagramSocket socket;

    private UdpTransport(DatagramSocket socket) {
        this.socket = socket;
    }

    public static UdpTransport listen(Vertx vertx, String host, int port, int maxMessageSize, MessageHandler handler) {
        DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions()
                .setReceiveBufferSize(4 << 20).setSendBufferSize(4 << 20));
        UdpTransport transport = new UdpTransport(socket);
        socket.handler(packet -> {
            Buffer data = packet.data();
            InetSocketAddress source = new InetSocketAddress(packet.sender().host(), packet.sender().port());
            if (data.length() > maxMessageSize) {
                LOG.debugf("Dropped a %d-byte datagram from %s: larger than the limit", data.length(), source);
                return;
            }
            Flow flow = transport.flowTo(source);
            byte[] message = data.getBytes();
            MessageTrace.received(flow, message);
            handler.onMessage(message, flow);
        });
        socket.listen(port, host).toCompletionStage().toCompletableFuture().join();
        LOG.infof("SIP over UDP on %s:%d", host, transport.port());
        return transport;
    }

    public int port() {
        return socket.localAddress().port();
    }

    /** The flow toward a UDP peer (UDP has no connection: any address can be sent to). */
    public Flow flowTo(InetSocketAddress destination) {
        return new UdpFlow(destination);
    }

    public void close() {
        socket.close();
    }

    private final class UdpFlow implements Flow {
        private final InetSocketAddress remote;

        UdpFlow(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public String transport() {
            return "UDP";
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public boolean reliable() {
            return false;
        }

        @Override
        public boolean open() {
            return true;
        }

        @Override
        public void send(byte[] message) {
            MessageTrace.sent(this, message);
            socket.send(Buffer.buffer(message), remote.getPort(), remote.getAddress().getHostAddress());
        }

        @Override
        public String toString() {
            return key();
        }
    }
}
