package one.webph.relay.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.relay.srtp.SrtpContext;
import one.webph.relay.srtp.SrtpProfile;

class DtlsEndpointTest {

    @Test
    @DisplayName("a DTLS-SRTP client with the signalled certificate completes the handshake; SRTP keys agree both ways")
    void handshakeExportsMatchingKeys() throws Exception {
        DtlsCertificate relayCertificate = DtlsCertificate.generate();
        DtlsCertificate browserCertificate = DtlsCertificate.generate();
        Pipe pipe = new Pipe();
        CompletableFuture<SrtpContext[]> contexts = new CompletableFuture<>();
        try (DtlsEndpoint endpoint = new DtlsEndpoint(relayCertificate, browserCertificate.fingerprint(),
                List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80), pipe.listener(contexts))) {
            pipe.endpoint = endpoint;
            TestClient client = new TestClient(browserCertificate, relayCertificate.fingerprint(), new int[] {0x0001, 0x0007});
            new DTLSClientProtocol().connect(client, pipe);
            SrtpContext[] relay = contexts.get(10, TimeUnit.SECONDS);
            assertEquals(SrtpProfile.AEAD_AES_128_GCM, relay[0].profile(), "our preference among the client's offers");

            byte[] material = client.material;
            SrtpContext browserOutbound = new SrtpContext(SrtpProfile.AEAD_AES_128_GCM,
                    Arrays.copyOfRange(material, 0, 16), Arrays.copyOfRange(material, 32, 44));
            SrtpContext browserInbound = new SrtpContext(SrtpProfile.AEAD_AES_128_GCM,
                    Arrays.copyOfRange(material, 16, 32), Arrays.copyOfRange(material, 44, 56));
            assertKeysAgree(relay, browserInbound, browserOutbound);
        }
    }

    /** An RTP packet crosses each way: the relay decrypts what the browser protects, and the reverse. */
    static void assertKeysAgree(SrtpContext[] relay, SrtpContext browserInbound, SrtpContext browserOutbound) {
        byte[] packet = rtp();
        byte[] buf = Arrays.copyOf(packet, 100);
        int n = browserOutbound.protectRtp(buf, 0, packet.length);
        assertEquals(packet.length, relay[0].unprotectRtp(buf, 0, n), "relay decrypts what the browser sends");
        buf = Arrays.copyOf(packet, 100);
        n = relay[1].protectRtp(buf, 0, packet.length);
        assertEquals(packet.length, browserInbound.unprotectRtp(buf, 0, n), "browser decrypts what the relay sends");
        assertArrayEquals(packet, Arrays.copyOf(buf, packet.length));
    }

    @Test
    @DisplayName("a client whose certificate is not the one in its SDP is refused")
    void refusesWrongFingerprint() {
        DtlsCertificate relayCertificate = DtlsCertificate.generate();
        DtlsCertificate impostor = DtlsCertificate.generate();
        Pipe pipe = new Pipe();
        CompletableFuture<SrtpContext[]> contexts = new CompletableFuture<>();
        try (DtlsEndpoint endpoint = new DtlsEndpoint(relayCertificate, DtlsCertificate.generate().fingerprint(),
                List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80), pipe.listener(contexts))) {
            pipe.endpoint = endpoint;
            TestClient client = new TestClient(impostor, relayCertificate.fingerprint(), new int[] {0x0001});
            assertThrows(IOException.class, () -> new DTLSClientProtocol().connect(client, pipe));
            assertTrue(!contexts.isDone() || contexts.isCompletedExceptionally());
        }
    }

    @Test
    @DisplayName("after a failed handshake the browser may try again; close ends the endpoint's thread")
    void retriesAfterFailureAndCloses() throws Exception {
        DtlsCertificate relayCertificate = DtlsCertificate.generate();
        DtlsCertificate browserCertificate = DtlsCertificate.generate();
        Pipe pipe = new Pipe();
        CompletableFuture<SrtpContext[]> contexts = new CompletableFuture<>();
        DtlsEndpoint endpoint = new DtlsEndpoint(relayCertificate, DtlsCertificate.generate().fingerprint(),
                List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80), pipe.listener(new CompletableFuture<>()));
        pipe.endpoint = endpoint;
        assertThrows(IOException.class, () -> new DTLSClientProtocol().connect(
                new TestClient(browserCertificate, relayCertificate.fingerprint(), new int[] {0x0001}), pipe));
        for (int i = 0; i < 50 && endpoint.running(); i++) {
            Thread.sleep(100);
        }
        endpoint.peerFingerprint(browserCertificate.fingerprint());
        pipe.toClient.clear();
        new DTLSClientProtocol().connect(new TestClient(browserCertificate, relayCertificate.fingerprint(), new int[] {0x0001}), pipe);
        for (int i = 0; i < 50 && !endpoint.connected(); i++) {
            Thread.sleep(100);
        }
        assertTrue(endpoint.connected(), "the second handshake succeeds");
        endpoint.close();
        for (int i = 0; i < 50 && endpoint.running(); i++) {
            Thread.sleep(100);
        }
        assertTrue(!endpoint.running(), "no DTLS thread left after close");
    }

    @Test
    @DisplayName("fingerprints are SHA-256 in SDP form and parse back")
    void fingerprintFormat() {
        Fingerprint fingerprint = DtlsCertificate.generate().fingerprint();
        assertEquals("sha-256", fingerprint.algorithm());
        assertEquals(32 * 3 - 1, fingerprint.value().length());
        assertEquals(fingerprint, Fingerprint.parse(fingerprint.toString()));
    }

    static byte[] rtp() {
        byte[] packet = new byte[32];
        packet[0] = (byte) 0x80;
        packet[1] = 111;
        packet[3] = 1;
        packet[11] = 9;
        for (int i = 12; i < packet.length; i++) {
            packet[i] = (byte) i;
        }
        return packet;
    }

    /** The client's side of an in-memory datagram link to the endpoint. */
    static final class Pipe implements DatagramTransport {
        final BlockingQueue<byte[]> toClient = new ArrayBlockingQueue<>(256);
        volatile DtlsEndpoint endpoint;

        DtlsEndpoint.Listener listener(CompletableFuture<SrtpContext[]> contexts) {
            return new DtlsEndpoint.Listener() {
                @Override
                public void sendDatagram(byte[] datagram) {
                    toClient.offer(datagram);
                }

                @Override
                public void srtpReady(SrtpContext inbound, SrtpContext outbound) {
                    contexts.complete(new SrtpContext[] {inbound, outbound});
                }

                @Override
                public void failed(String reason) {
                    contexts.completeExceptionally(new IOException(reason));
                }
            };
        }

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
            try {
                byte[] datagram = toClient.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (datagram == null) {
                    return -1;
                }
                System.arraycopy(datagram, 0, buf, off, datagram.length);
                return datagram.length;
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            endpoint.receive(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void close() {
        }
    }

    /** A browser's DTLS role: client, offers use_srtp, presents its certificate, checks ours against our SDP. */
    static final class TestClient extends DefaultTlsClient {
        private final DtlsCertificate own;
        private final Fingerprint expectedServer;
        private final int[] profiles;
        byte[] material;
        private SrtpProfile profile;

        TestClient(DtlsCertificate own, Fingerprint expectedServer, int[] profiles) {
            super(new BcTlsCrypto(new SecureRandom()));
            this.own = own;
            this.expectedServer = expectedServer;
            this.profiles = profiles;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(profiles, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    assertNotNull(serverCertificate);
                    if (!expectedServer.matches(serverCertificate.getCertificate().getCertificateAt(0).getEncoded())) {
                        throw new IOException("server fingerprint mismatch");
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
                    TlsCertificate certificate = crypto.createCertificate(own.der());
                    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, own.privateKey(),
                            new Certificate(new TlsCertificate[] {certificate}),
                            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (16 + 14));
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            profile = chosen == null ? null : SrtpProfile.byDtlsId(chosen.getProtectionProfiles()[0]);
        }

        SrtpProfile chosenProfile() {
            return profile;
        }

        byte[] material(SrtpProfile srtp) {
            return Arrays.copyOf(material, 2 * (srtp.keyLength + srtp.saltLength));
        }
    }
}
