package one.webph.relay.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import one.webph.relay.srtp.SrtpProfile;

/**
 * BouncyCastle's TLS client policy for one DTLS-SRTP handshake, for a peer that asked to be the
 * DTLS server ({@code a=setup:passive}, so we are {@code active}): DTLS 1.2 only, the same
 * ECDHE-ECDSA suites as our server side, use_srtp offering our profiles in our order of
 * preference, the server's certificate checked against its SDP fingerprint, our certificate when
 * the server asks for one (browsers always do), and the RFC 5764 key export. Lives on the
 * handshake thread.
 */
final class DtlsSrtpClient extends DefaultTlsClient {

    private final DtlsSrtp.Setup setup;
    private SrtpProfile chosen;

    DtlsSrtpClient(BcTlsCrypto crypto, DtlsSrtp.Setup setup) {
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
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        int[] ids = setup.preference().stream().mapToInt(profile -> profile.dtlsId).toArray();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData answered = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        // RFC 5764 section 4.1.1: the server answers with exactly one of the profiles we offered.
        if (answered == null || answered.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the peer did not choose one SRTP profile");
        }
        int id = answered.getProtectionProfiles()[0];
        chosen = setup.preference().stream().filter(profile -> profile.dtlsId == id).findFirst()
                .orElseThrow(() -> new TlsFatalAlert(AlertDescription.illegal_parameter, "the peer chose an SRTP profile we did not offer"));
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                DtlsSrtp.verifyPeer(serverCertificate == null ? null : serverCertificate.getCertificate(), setup.expectedPeer().get());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return DtlsSrtp.signer((BcTlsCrypto) getCrypto(), context, setup.certificate());
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        // As on the server side: keys go to the data plane before connect() returns.
        setup.onKeys().accept(DtlsSrtp.exportKeys(context, chosen));
    }
}
