package one.webph.relay.dtls;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import one.webph.relay.ice.IceLiteAgent;
import one.webph.relay.srtp.SrtpContext;
import one.webph.relay.srtp.SrtpProfile;

/**
 * A WebRTC endpoint made of our own parts, for tests that need a browser's wire behaviour without
 * a browser: it offers UDP/TLS/RTP/SAVPF with ICE and a fingerprint, sends a signed Binding
 * request to the relay, runs the DTLS client (BouncyCastle), or the DTLS server when the test makes
 * it say {@code a=setup:passive}, and then speaks SRTP with rtcp-mux.
 */
public final class FakeBrowser implements AutoCloseable {

    private final DatagramChannel channel;
    private final DatagramSocket socket;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final String ufrag = "fake" + Integer.toHexString((int) (Math.random() * 0xFFFF));
    private final String pwd = "fakebrowserpassword0123456789";
    private InetSocketAddress relay;
    private SrtpContext outbound;
    private SrtpContext inbound;

    public FakeBrowser() throws IOException {
        // A channel, so a load generator can later drive many of these from one selector.
        channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
        socket = channel.socket();
        socket.setSoTimeout(1000);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** After {@link #handshake}: the socket, the relay's address and the SRTP contexts, for a load generator. */
    public DatagramChannel channel() {
        return channel;
    }

    public InetSocketAddress relay() {
        return relay;
    }

    public SrtpContext outbound() {
        return outbound;
    }

    public SrtpContext inbound() {
        return inbound;
    }

    public String offer() {
        return "v=0\r\no=- 77 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
                + "a=ice-ufrag:" + ufrag + "\r\na=ice-pwd:" + pwd + "\r\n"
                + "a=fingerprint:" + certificate.fingerprint() + "\r\na=setup:actpass\r\na=mid:0\r\na=sendrecv\r\n"
                + "a=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=candidate:1 1 udp 2122260223 127.0.0.1 " + port() + " typ host\r\n";
    }

    /**
     * Audio and video under one BUNDLE group on one transport (max-bundle): the video section
     * repeats the audio section's ICE and DTLS attributes, as browsers write them.
     */
    public String offerAudioVideo() {
        return offer().replace("a=group:BUNDLE 0", "a=group:BUNDLE 0 1")
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
                + "a=ice-ufrag:" + ufrag + "\r\na=ice-pwd:" + pwd + "\r\n"
                + "a=fingerprint:" + certificate.fingerprint() + "\r\na=setup:actpass\r\na=mid:1\r\na=sendrecv\r\n"
                + "a=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n";
    }

    /** Checks connectivity (signed Binding request with USE-CANDIDATE) and returns the reply, or null. */
    public byte[] check(InetSocketAddress relay, String relayUfrag, String relayPwd) throws IOException {
        this.relay = relay;
        byte[] request = IceLiteAgent.bindingRequest(relayUfrag + ":" + ufrag, relayPwd, true);
        socket.send(new DatagramPacket(request, request.length, relay));
        return receiveFirstByteIn(0, 3);
    }

    /** Runs the DTLS handshake as client and keys SRTP. */
    public SrtpProfile handshake(String relayFingerprint) throws IOException {
        DtlsEndpointTest.TestClient client = new DtlsEndpointTest.TestClient(certificate, Fingerprint.parse(relayFingerprint),
                new int[] {0x0007, 0x0001});
        new DTLSClientProtocol().connect(client, new SocketTransport());
        SrtpProfile profile = client.chosenProfile();
        byte[] m = client.material(profile);
        int k = profile.keyLength;
        int s = profile.saltLength;
        outbound = new SrtpContext(profile, Arrays.copyOfRange(m, 0, k), Arrays.copyOfRange(m, 2 * k, 2 * k + s));
        inbound = new SrtpContext(profile, Arrays.copyOfRange(m, k, 2 * k), Arrays.copyOfRange(m, 2 * k + s, 2 * k + 2 * s));
        return profile;
    }

    /**
     * As DTLS server, for an offer whose {@code a=setup:actpass} the test turned into passive:
     * waits for the relay's ClientHello, checks the relay's certificate against its SDP and keys
     * SRTP. The server policy is the relay's own ({@link DtlsSrtpServer}, whose key split
     * {@code DtlsEndpointTest} checks against BouncyCastle's client); here it plays the browser.
     */
    public SrtpProfile acceptHandshake(String relayFingerprint) throws IOException {
        DtlsSrtp.Keys[] made = new DtlsSrtp.Keys[1];
        DtlsSrtpServer server = new DtlsSrtpServer(new BcTlsCrypto(new java.security.SecureRandom()), new DtlsSrtp.Setup(certificate,
                () -> Fingerprint.parse(relayFingerprint), List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM),
                keys -> made[0] = keys));
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        protocol.setVerifyRequests(false);
        protocol.accept(server, new SocketTransport());
        DtlsSrtp.Keys keys = made[0];
        // The browser is the server here: it writes with the server's key and reads the client's.
        outbound = new SrtpContext(keys.profile(), keys.serverKey(), keys.serverSalt());
        inbound = new SrtpContext(keys.profile(), keys.clientKey(), keys.clientSalt());
        return keys.profile();
    }

    public void sendRtp(byte[] plain) throws IOException {
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpContext.MAX_OVERHEAD);
        int n = outbound.protectRtp(buf, 0, plain.length);
        socket.send(new DatagramPacket(buf, n, relay));
    }

    public void sendRtcp(byte[] plain) throws IOException {
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpContext.MAX_OVERHEAD);
        int n = outbound.protectRtcp(buf, 0, plain.length);
        socket.send(new DatagramPacket(buf, n, relay));
    }

    /** The next SRTP or SRTCP packet, decrypted; null on timeout or when it does not authenticate. */
    public byte[] receiveMedia() throws IOException {
        byte[] packet = receiveFirstByteIn(128, 191);
        if (packet == null) {
            return null;
        }
        int type = packet[1] & 0xFF;
        int n = type >= 192 && type <= 223 ? inbound.unprotectRtcp(packet, 0, packet.length) : inbound.unprotectRtp(packet, 0, packet.length);
        return n < 0 ? null : Arrays.copyOf(packet, n);
    }

    private byte[] receiveFirstByteIn(int low, int high) throws IOException {
        long deadline = System.currentTimeMillis() + 2000;
        byte[] buf = new byte[2048];
        while (System.currentTimeMillis() < deadline) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            int first = buf[0] & 0xFF;
            if (first >= low && first <= high) {
                return Arrays.copyOf(buf, packet.getLength());
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** DTLS over the socket: other datagrams (late STUN replies) are skipped. */
    private final class SocketTransport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 2048;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            socket.setSoTimeout(Math.max(1, waitMillis));
            DatagramPacket packet = new DatagramPacket(buf, off, len);
            try {
                while (true) {
                    socket.receive(packet);
                    int first = buf[off] & 0xFF;
                    if (first >= 20 && first <= 63) {
                        return packet.getLength();
                    }
                }
            } catch (SocketTimeoutException e) {
                return -1;
            } finally {
                socket.setSoTimeout(1000);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            socket.send(new DatagramPacket(buf, off, len, relay));
        }

        @Override
        public void close() {
        }
    }
}
