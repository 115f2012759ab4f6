package one.webph.relay.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.function.Supplier;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import one.webph.relay.srtp.SrtpProfile;

/**
 * BouncyCastle's TLS server policy for one DTLS-SRTP handshake: DTLS 1.2 only, ECDHE-ECDSA
 * suites, our self-signed certificate, a certificate request (the browser must prove the key
 * behind its SDP fingerprint), use_srtp with our preferred profile among the browser's, and the
 * RFC 5764 key export once the handshake completes. Lives on the handshake thread.
 */
final class DtlsSrtpServer extends DefaultTlsServer {

    private static final int[] CIPHER_SUITES = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    /** The keying material of a finished handshake, split as RFC 5764 section 4.2 lays it out. */
    record Keys(SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {
    }

    private final DtlsCertificate certificate;
    private final Supplier<Fingerprint> expectedPeer;
    private final List<SrtpProfile> preference;
    private final java.util.function.Consumer<Keys> onKeys;
    private SrtpProfile chosen;

    DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, Supplier<Fingerprint> expectedPeer, List<SrtpProfile> preference,
                   java.util.function.Consumer<Keys> onKeys) {
        super(crypto);
        this.onKeys = onKeys;
        this.certificate = certificate;
        this.expectedPeer = expectedPeer;
        this.preference = preference;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return 30_000;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
        TlsCertificate tlsCertificate = crypto.createCertificate(certificate.der());
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                new Certificate(new TlsCertificate[] {tlsCertificate}), SignatureAndHashAlgorithm.getInstance(
                        org.bouncycastle.tls.HashAlgorithm.sha256, org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer sent no certificate");
        }
        Fingerprint expected = expectedPeer.get();
        if (expected == null || !expected.matches(clientCertificate.getCertificateAt(0).getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "the peer's certificate does not match its SDP fingerprint");
        }
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer did not offer use_srtp");
        }
        for (SrtpProfile profile : preference) {
            for (int id : offered.getProtectionProfiles()) {
                if (id == profile.dtlsId) {
                    chosen = profile;
                    return;
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no SRTP profile in common");
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        if (extensions == null) {
            extensions = new Hashtable();
        }
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {chosen.dtlsId}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        int k = chosen.keyLength;
        int s = chosen.saltLength;
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (k + s));
        Keys keys = new Keys(chosen,
                java.util.Arrays.copyOfRange(material, 0, k),
                java.util.Arrays.copyOfRange(material, 2 * k, 2 * k + s),
                java.util.Arrays.copyOfRange(material, k, 2 * k),
                java.util.Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
        // Keys go to the data plane now, not when accept() returns: the browser may send SRTP
        // as soon as it has our Finished, and those first packets should not be dropped.
        onKeys.accept(keys);
    }
}
