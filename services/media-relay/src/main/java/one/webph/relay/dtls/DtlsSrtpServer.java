package one.webph.relay.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import one.webph.relay.srtp.SrtpProfile;

/**
 * BouncyCastle's TLS server policy for one DTLS-SRTP handshake: DTLS 1.2 only, ECDHE-ECDSA
 * suites, our self-signed certificate, a certificate request (the browser must prove the key
 * behind its SDP fingerprint), use_srtp with our preferred profile among the browser's, and the
 * RFC 5764 key export once the handshake completes. Lives on the handshake thread.
 */
final class DtlsSrtpServer extends DefaultTlsServer {

    private final DtlsSrtp.Setup setup;
    private SrtpProfile chosen;

    DtlsSrtpServer(BcTlsCrypto crypto, DtlsSrtp.Setup setup) {
        super(crypto);
        this.setup = setup;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return DtlsSrtp.versions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return DtlsSrtp.cipherSuites(getCrypto());
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return DtlsSrtp.HANDSHAKE_TIMEOUT_MILLIS;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return DtlsSrtp.signer((BcTlsCrypto) getCrypto(), context, setup.certificate());
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        DtlsSrtp.verifyPeer(clientCertificate, setup.expectedPeer().get());
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer did not offer use_srtp");
        }
        for (SrtpProfile profile : setup.preference()) {
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
        DtlsSrtp.Keys keys = DtlsSrtp.exportKeys(context, chosen);
        // Keys go to the data plane now, not when accept() returns: the browser may send SRTP
        // as soon as it has our Finished, and those first packets should not be dropped.
        setup.onKeys().accept(keys);
    }
}
