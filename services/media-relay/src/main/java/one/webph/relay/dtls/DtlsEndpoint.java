package one.webph.relay.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Consumer;

import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jboss.logging.Logger;

import one.webph.relay.srtp.SrtpContext;
import one.webph.relay.srtp.SrtpProfile;

/**
 * The DTLS server of one WebRTC port (we are always {@code a=setup:passive}). The first DTLS
 * record from the authenticated peer starts the handshake on a virtual thread (BouncyCastle's
 * DTLS API blocks); records enter with {@link #receive}, replies leave through the listener, and
 * when the handshake ends the listener gets the two SRTP contexts: inbound keyed with the
 * client's write key, outbound with ours. After that the thread stays to answer a retransmitted
 * final flight and to notice close_notify. {@link #close} ends it all.
 */
public final class DtlsEndpoint implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DtlsEndpoint.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How the endpoint reports upward. Called on the handshake thread. */
    public interface Listener {
        void sendDatagram(byte[] datagram);

        void srtpReady(SrtpContext inbound, SrtpContext outbound);

        void failed(String reason);
    }

    private final DtlsCertificate certificate;
    private final Listener listener;
    private final List<SrtpProfile> preference;
    private final QueueTransport transport;
    private volatile Fingerprint peerFingerprint;
    private volatile Thread thread;
    private volatile boolean closed;
    private volatile boolean connected;

    public DtlsEndpoint(DtlsCertificate certificate, Fingerprint peerFingerprint, List<SrtpProfile> preference, Listener listener) {
        this.certificate = certificate;
        this.peerFingerprint = peerFingerprint;
        this.preference = preference;
        this.listener = listener;
        Consumer<byte[]> sender = listener::sendDatagram;
        this.transport = new QueueTransport(sender);
    }

    /** The browser's fingerprint from its SDP; an answer may bring it after the offer made this endpoint. */
    public void peerFingerprint(Fingerprint fingerprint) {
        this.peerFingerprint = fingerprint;
    }

    public boolean connected() {
        return connected;
    }

    /** A DTLS datagram from the authenticated peer (called on the port's event loop). */
    public void receive(byte[] datagram) {
        if (closed) {
            return;
        }
        if (thread == null) {
            synchronized (this) {
                if (thread == null && !closed) {
                    thread = Thread.ofVirtual().name("dtls").start(this::run);
                }
            }
        }
        transport.offer(datagram);
    }

    private void run() {
        DtlsSrtpServer server = new DtlsSrtpServer(new BcTlsCrypto(RANDOM), certificate, this::awaitFingerprint, preference,
                keys -> listener.srtpReady(new SrtpContext(keys.profile(), keys.clientKey(), keys.clientSalt()),
                        new SrtpContext(keys.profile(), keys.serverKey(), keys.serverSalt())));
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        protocol.setVerifyRequests(false);
        DTLSTransport dtls;
        try {
            dtls = protocol.accept(server, transport);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.infof("DTLS handshake failed: %s", e.getMessage());
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
        transport.close();
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }
}
