package one.webph.relay.dataplane;

import java.net.InetSocketAddress;

import one.webph.relay.dtls.DtlsEndpoint;
import one.webph.relay.ice.IceLiteAgent;
import one.webph.relay.srtp.SrtpContext;

/**
 * The WebRTC state of one port: the ICE-lite agent that authenticates the browser's address,
 * the DTLS endpoint (server, or client toward a peer that said {@code a=setup:passive}) that
 * makes the SRTP keys, and those keys once made. The port's event loop feeds it; the DTLS thread
 * sets the contexts (volatile) and sends its flights through the port.
 */
final class WebRtcTransport implements DtlsEndpoint.Listener {

    private final MediaPort port;
    final IceLiteAgent agent;
    volatile DtlsEndpoint dtls;
    volatile SrtpContext inbound;
    volatile SrtpContext outbound;

    WebRtcTransport(MediaPort port, WebRtcSecurity security) {
        this.port = port;
        this.agent = security.ice() == null ? null : new IceLiteAgent(security.ice());
        this.dtls = security.dtls() ? endpoint(security) : null;
    }

    private DtlsEndpoint endpoint(WebRtcSecurity security) {
        return new DtlsEndpoint(security.certificate(), security.peerFingerprint(), security.profiles(), this, security.role());
    }

    /** A later offer or answer: ICE restart (new credentials) and the peer's fingerprint when it arrives. */
    void update(WebRtcSecurity security) {
        if (agent != null && security.ice() != null) {
            agent.restart(security.ice());
        }
        DtlsEndpoint current = dtls;
        if (current != null && security.role() != current.role() && !current.connected()) {
            // The peer's SDP changed our role before any handshake finished (an answer saying
            // passive to our passive offer): a fresh endpoint in the role it asked for.
            current.close();
            current = endpoint(security);
            dtls = current;
            if (port.peer() != null) {
                current.start();
            }
        }
        if (current != null && security.peerFingerprint() != null) {
            current.peerFingerprint(security.peerFingerprint());
        }
    }

    /** The port knows (or has moved) its peer: as DTLS client, time to send the ClientHello. */
    void peerKnown() {
        DtlsEndpoint current = dtls;
        if (current != null) {
            current.start();
        }
    }

    /** Media flows only once SRTP keys exist, or at once when this leg runs no DTLS (ICE only). */
    boolean encrypted() {
        return dtls != null;
    }

    @Override
    public void sendDatagram(byte[] datagram) {
        InetSocketAddress peer = port.peer();
        if (peer != null) {
            port.sendRaw(datagram, peer);
        }
    }

    @Override
    public void srtpReady(SrtpContext in, SrtpContext out) {
        this.inbound = in;
        this.outbound = out;
    }

    @Override
    public void failed(String reason) {
        port.dtlsFailures++;
    }

    void close() {
        DtlsEndpoint current = dtls;
        if (current != null) {
            current.close();
        }
    }
}
