package one.webph.relay.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.bouncycastle.tls.DatagramTransport;

/**
 * BouncyCastle's blocking datagram view of one WebRTC port: the event loop offers DTLS records
 * into a small queue, the handshake thread takes them; what the handshake sends goes straight to
 * the port's sender. A full queue drops (a flooding peer cannot grow memory).
 */
final class QueueTransport implements DatagramTransport {

    /** Path MTU margin: browsers use 1200-byte DTLS datagrams too. */
    private static final int SEND_LIMIT = 1200;
    private static final byte[] CLOSED = new byte[0];

    private final BlockingQueue<byte[]> incoming = new ArrayBlockingQueue<>(64);
    private final Consumer<byte[]> sender;
    private volatile boolean closed;

    QueueTransport(Consumer<byte[]> sender) {
        this.sender = sender;
    }

    boolean offer(byte[] datagram) {
        return !closed && incoming.offer(datagram);
    }

    @Override
    public int getReceiveLimit() {
        return 2048;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        try {
            byte[] datagram = incoming.poll(waitMillis, TimeUnit.MILLISECONDS);
            if (datagram == null) {
                return -1;
            }
            if (datagram == CLOSED) {
                throw new IOException("DTLS transport closed");
            }
            int n = Math.min(len, datagram.length);
            System.arraycopy(datagram, 0, buf, off, n);
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        sender.accept(java.util.Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            incoming.clear();
            incoming.offer(CLOSED);
        }
    }
}
