package one.webph.sip.transport;

import java.net.InetSocketAddress;

/** A flow that is one connection (TCP, TLS, WebSocket): reliable, open until the peer or we close it. */
abstract class ConnectionFlow implements Flow {

    private final String transport;
    private final InetSocketAddress remote;
    private volatile boolean open = true;

    ConnectionFlow(String transport, InetSocketAddress remote) {
        this.transport = transport;
        this.remote = remote;
    }

    /** Writes the message on the connection; only called while open. */
    abstract void write(byte[] message);

    void closed() {
        open = false;
    }

    @Override
    public final String transport() {
        return transport;
    }

    @Override
    public final InetSocketAddress remote() {
        return remote;
    }

    @Override
    public final boolean reliable() {
        return true;
    }

    @Override
    public final boolean open() {
        return open;
    }

    @Override
    public final void send(byte[] message) {
        if (open) {
            MessageTrace.sent(this, message);
            write(message);
        }
    }

    @Override
    public String toString() {
        return key();
    }
}
