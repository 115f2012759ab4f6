package one.webph.relay.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;

import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jboss.logging.Logger;

import one.webph.relay.srtp.SrtpContext;
import one.webph.relay.srtp.SrtpProfile;

/**
 * The DTLS end of one WebRTC port, in either role (RFC 5763 section 5). As server ({@code
 * a=setup:passive}, what we say unless the peer asked for that itself) the first DTLS record from
 * the authenticated peer starts the handshake; as client ({@code a=setup:active}, toward a peer
 * that said passive) {@link #start} does, once the port knows its peer. The handshake runs on a
 * virtual thread (BouncyCastle's DTLS API blocks); records enter with {@link #receive}, flights
 * leave through the listener, and when the handshake ends the listener gets the two SRTP
 * contexts: inbound keyed with the peer's write key, outbound with ours. After that the thread
 * stays to answer a retransmitted final flight and to notice close_notify. {@link #close} ends it.
 */
public final class DtlsEndpoint implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DtlsEndpoint.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Which side of the handshake we take: the opposite of what the peer's {@code a=setup} asked for. */
    public enum Role {
        /** We are {@code passive}: the peer sends the ClientHello. */
        SERVER,
        /** We are {@code active}: we send the ClientHello once we know where the peer is. */
        CLIENT
    }

    /** How the endpoint reports upward. Called on the handshake thread. */
    public interface Listener {
        void sendDatagram(byte[] datagram);

        void srtpReady(SrtpContext inbound, SrtpContext outbound);

        void failed(String reason);
    }

    private final DtlsCertificate certificate;
    private final Listener listener;
    private final List<SrtpProfile> preference;
    private final Role role;
    private volatile QueueTransport transport;
    private volatile Fingerprint peerFingerprint;
    private volatile Thread thread;
    private volatile boolean closed;
    private volatile boolean connected;

    /** A server endpoint, what the relay is unless the peer asks to be the server. */
    public DtlsEndpoint(DtlsCertificate certificate, Fingerprint peerFingerprint, List<SrtpProfile> preference, Listener listener) {
        this(certificate, peerFingerprint, preference, listener, Role.SERVER);
    }

    public DtlsEndpoint(DtlsCertificate certificate, Fingerprint peerFingerprint, List<SrtpProfile> preference, Listener listener,
                        Role role) {
        this.role = role;
        this.certificate = certificate;
        this.peerFingerprint = peerFingerprint;
        this.preference = preference;
        this.listener = listener;
        this.transport = new QueueTransport(listener::sendDatagram);
    }

    /** The browser's fingerprint from its SDP; an answer may bring it after the offer made this endpoint. */
    public void peerFingerprint(Fingerprint fingerprint) {
        this.peerFingerprint = fingerprint;
    }

    public boolean connected() {
        return connected;
    }

    public Role role() {
        return role;
    }

    /**
     * As client: starts the handshake (sends the ClientHello) unless one runs or has succeeded;
     * after a failed one, a new one. Called when the port learns (or moves) its peer. Nothing as server.
     */
    public void start() {
        if (role == Role.CLIENT) {
            startHandshake();
        }
    }

    /** A DTLS datagram from the authenticated peer (called on the port's event loop). */
    public void receive(byte[] datagram) {
        if (closed) {
            return;
        }
        // As server the peer's first record (or its retry after a failed handshake) starts one; as
        // client only start() does, and records wait in the queue for the running handshake.
        QueueTransport current = role == Role.SERVER ? startHandshake() : transport;
        current.offer(datagram);
    }

    /** Starts a handshake thread unless one is alive or one has succeeded; returns the transport in use. */
    private synchronized QueueTransport startHandshake() {
        Thread handshake = thread;
        if (!closed && (handshake == null || !handshake.isAlive() && !connected)) {
            if (handshake != null) {
                transport = new QueueTransport(listener::sendDatagram);
            }
            QueueTransport fresh = transport;
            thread = Thread.ofVirtual().name("dtls").start(() -> run(fresh));
        }
        return transport;
    }

    /** True while a handshake or an established session has its thread. */
    boolean running() {
        Thread handshake = thread;
        return handshake != null && handshake.isAlive();
    }

    private void run(QueueTransport transport) {
        BcTlsCrypto crypto = new BcTlsCrypto(RANDOM);
        DTLSTransport dtls;
        try {
            dtls = role == Role.SERVER ? accept(crypto, transport) : connect(crypto, transport);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.infof("DTLS handshake (as %s) failed: %s", role, e.getMessage());
                listener.failed(String.valueOf(e.getMessage()));
            }
            return;
        }
        connected = true;
        byte[] buf = new byte[2048];
        try {
            while (!closed) {
                // Application data is not used by WebRTC audio; this keeps the record layer answering.
                if (dtls.receive(buf, 0, buf.length, 1000) < 0 && closed) {
                    break;
                }
            }
        } catch (IOException e) {
            LOG.debugf("DTLS session ended: %s", e.getMessage());
        } finally {
            try {
                dtls.close();
            } catch (IOException ignored) {
                // already closing
            }
        }
    }

    private DTLSTransport accept(BcTlsCrypto crypto, QueueTransport transport) throws IOException {
        // The server's keys: inbound is what the client writes with.
        DtlsSrtpServer server = new DtlsSrtpServer(crypto, new DtlsSrtp.Setup(certificate, this::awaitFingerprint, preference,
                keys -> listener.srtpReady(new SrtpContext(keys.profile(), keys.clientKey(), keys.clientSalt()),
                        new SrtpContext(keys.profile(), keys.serverKey(), keys.serverSalt()))));
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        protocol.setVerifyRequests(false);
        return protocol.accept(server, transport);
    }

    private DTLSTransport connect(BcTlsCrypto crypto, QueueTransport transport) throws IOException {
        // The client's keys: inbound is what the server writes with.
        DtlsSrtpClient client = new DtlsSrtpClient(crypto, new DtlsSrtp.Setup(certificate, this::awaitFingerprint, preference,
                keys -> listener.srtpReady(new SrtpContext(keys.profile(), keys.serverKey(), keys.serverSalt()),
                        new SrtpContext(keys.profile(), keys.clientKey(), keys.clientSalt()))));
        return new DTLSClientProtocol().connect(client, transport);
    }

    /** The handshake may reach the certificate check before the SDP answer: wait a little for the fingerprint. */
    private Fingerprint awaitFingerprint() {
        for (int i = 0; i < 50 && peerFingerprint == null && !closed; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return peerFingerprint;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            transport.close();
        }
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }
}
