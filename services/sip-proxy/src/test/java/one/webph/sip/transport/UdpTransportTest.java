package one.webph.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Datagrams are flushed in batches (one sendmmsg per batch of reads, or per run of the loop's
 * queued writes): none may stay behind waiting for a flush that never comes.
 */
class UdpTransportTest {

    /** Native epoll where there is one, as the proxy runs (SIP_NATIVE_TRANSPORT): its sends batch into sendmmsg. */
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    private UdpTransport transport;

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void everyAnswerSentWhileReadingABurstLeavesAtOnce() throws Exception {
        transport = UdpTransport.listen(vertx, vertx.nettyEventLoopGroup().next(), "127.0.0.1", 0, 65535, echo());
        try (DatagramSocket peer = peer()) {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", transport.port());
            for (int i = 0; i < 300; i++) {
                byte[] message = ("burst " + i).getBytes(StandardCharsets.US_ASCII);
                peer.send(new DatagramPacket(message, message.length, server));
            }

            assertEquals(300, received(peer).size(), "one answer per datagram of the burst");
        }
    }

    @Test
    void everyDatagramSentFromAnotherThreadLeavesAtOnce() throws Exception {
        transport = UdpTransport.listen(vertx, vertx.nettyEventLoopGroup().next(), "127.0.0.1", 0, 65535, echo());
        try (DatagramSocket peer = peer()) {
            Flow toPeer = transport.flowTo(new InetSocketAddress("127.0.0.1", peer.getLocalPort()));
            // As the core thread does: sends that are not on the socket's loop, one after another, and a lone one last.
            for (int i = 0; i < 299; i++) {
                toPeer.send(("from the core " + i).getBytes(StandardCharsets.US_ASCII));
            }
            Thread.sleep(50);
            toPeer.send("from the core 299".getBytes(StandardCharsets.US_ASCII));

            Set<String> got = received(peer);
            assertEquals(300, got.size());
            assertTrue(got.contains("from the core 299"), "a lone datagram after a quiet spell is flushed too");
        }
    }

    /** Answers each datagram with its own text, on the loop that read it. */
    private static MessageHandler echo() {
        return new MessageHandler() {
            @Override
            public void onMessage(byte[] message, Flow flow) {
                flow.send(message);
            }

            @Override
            public void onFlowClosed(Flow flow) {
            }
        };
    }

    private static DatagramSocket peer() throws Exception {
        DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        peer.setReceiveBufferSize(4 << 20);
        peer.setSoTimeout(2000);
        return peer;
    }

    /** Every distinct datagram that arrives until none has for the socket's timeout. */
    private static Set<String> received(DatagramSocket peer) throws Exception {
        Set<String> got = new HashSet<>();
        byte[] buffer = new byte[2048];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                peer.receive(packet);
            } catch (SocketTimeoutException e) {
                return got;
            }
            got.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII));
        }
    }
}
