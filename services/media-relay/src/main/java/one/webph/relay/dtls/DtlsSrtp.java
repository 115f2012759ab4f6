package one.webph.relay.dtls;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import one.webph.relay.srtp.SrtpProfile;

/**
 * What the relay's DTLS server and client policies share: the ECDHE-ECDSA suites, our
 * certificate as signing credentials, the check of the peer's certificate against its SDP
 * fingerprint (RFC 5763 section 5), and the RFC 5764 section 4.2 key export. Stateless.
 */
final class DtlsSrtp {

    /** BouncyCastle's handshake timeout: long enough for a browser still gathering candidates. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 30_000;

    private static final int[] CIPHER_SUITES = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    /**
     * What one handshake needs in either role: our certificate, the peer's signalled fingerprint
     * (asked for when the peer's certificate arrives: the SDP may bring it late), our SRTP
     * profiles in order of preference, and where the keys go when the handshake is done.
     */
    record Setup(DtlsCertificate certificate, Supplier<Fingerprint> expectedPeer, List<SrtpProfile> preference,
                 Consumer<Keys> onKeys) {
    }

    /** The keying material of a finished handshake, split as RFC 5764 section 4.2 lays it out. */
    record Keys(SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {
    }

    private DtlsSrtp() {
    }

    /** DTLS 1.2 only: what browsers speak for DTLS-SRTP. */
    static ProtocolVersion[] versions() {
        return ProtocolVersion.DTLSv12.only();
    }

    /** Our ECDHE-ECDSA suites that the crypto provider supports. */
    static int[] cipherSuites(TlsCrypto crypto) {
        return TlsUtils.getSupportedCipherSuites(crypto, CIPHER_SUITES);
    }

    static TlsCredentialedSigner signer(BcTlsCrypto crypto, TlsContext context, DtlsCertificate certificate) throws IOException {
        TlsCertificate tlsCertificate = crypto.createCertificate(certificate.der());
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                new Certificate(new TlsCertificate[] {tlsCertificate}),
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /** Refuses a peer without a certificate or with one that does not hash to its signalled fingerprint. */
    static void verifyPeer(Certificate peer, Fingerprint expected) throws IOException {
        if (peer == null || peer.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer sent no certificate");
        }
        if (expected == null || !expected.matches(peer.getCertificateAt(0).getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "the peer's certificate does not match its SDP fingerprint");
        }
    }

    static Keys exportKeys(TlsContext context, SrtpProfile profile) {
        int k = profile.keyLength;
        int s = profile.saltLength;
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (k + s));
        return new Keys(profile,
                Arrays.copyOfRange(material, 0, k),
                Arrays.copyOfRange(material, 2 * k, 2 * k + s),
                Arrays.copyOfRange(material, k, 2 * k),
                Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
    }
}
