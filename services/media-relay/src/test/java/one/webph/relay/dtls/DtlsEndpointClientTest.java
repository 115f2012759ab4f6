package one.webph.relay.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.relay.srtp.SrtpContext;
import one.webph.relay.srtp.SrtpProfile;

/**
 * The relay as DTLS client, toward a peer that said {@code a=setup:passive}. The peer is our own
 * server policy on BouncyCastle's DTLS server ({@code DtlsEndpointTest} checks that one against
 * BouncyCastle's client, key split included); the client must key SRTP the other way round.
 */
class DtlsEndpointClientTest {

    private static final List<SrtpProfile> PREFERENCE = List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);

    private final DtlsCertificate relayCertificate = DtlsCertificate.generate();
    private final DtlsCertificate browserCertificate = DtlsCertificate.generate();
    private final DtlsEndpointTest.Pipe pipe = new DtlsEndpointTest.Pipe();
    private final CompletableFuture<SrtpContext[]> contexts = new CompletableFuture<>();

    @Test
    @DisplayName("as client: nothing is sent before start(); then the handshake completes against the passive peer and SRTP keys agree both ways")
    void clientHandshakeExportsMatchingKeys() throws Exception {
        try (DtlsEndpoint endpoint = client(browserCertificate.fingerprint())) {
            assertNull(pipe.toClient.poll(300, TimeUnit.MILLISECONDS), "a passive peer waits for us, and so do we until start()");
            assertFalse(endpoint.running());

            endpoint.start();
            CompletableFuture<DtlsSrtp.Keys> browserKeys = new CompletableFuture<>();
            passiveBrowser(browserCertificate, browserKeys);
            SrtpContext[] relay = contexts.get(10, TimeUnit.SECONDS);
            DtlsSrtp.Keys keys = browserKeys.get(10, TimeUnit.SECONDS);
            assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, relay[0].profile(), "the server's choice among the profiles we offered");
            // The keys come from inside the handshake; connected() is set when connect() returns, a moment later.
            for (int i = 0; i < 50 && !endpoint.connected(); i++) {
                Thread.sleep(20);
            }
            assertTrue(endpoint.connected());

            SrtpContext browserOutbound = new SrtpContext(keys.profile(), keys.serverKey(), keys.serverSalt());
            SrtpContext browserInbound = new SrtpContext(keys.profile(), keys.clientKey(), keys.clientSalt());
            DtlsEndpointTest.assertKeysAgree(relay, browserInbound, browserOutbound);

            endpoint.start();
            assertTrue(endpoint.connected(), "start() after success changes nothing");
        }
    }

    @Test
    @DisplayName("as client: a server whose certificate is not the one in its SDP is refused, no keys")
    void clientRefusesWrongFingerprint() throws Exception {
        try (DtlsEndpoint endpoint = client(DtlsCertificate.generate().fingerprint())) {
            endpoint.start();
            assertThrows(IOException.class, () -> passiveBrowser(browserCertificate, new CompletableFuture<>()));
            for (int i = 0; i < 50 && !contexts.isDone(); i++) {
                Thread.sleep(100);
            }
            assertTrue(contexts.isCompletedExceptionally(), "the endpoint reported the failure and made no keys");
            assertFalse(endpoint.connected());
        }
    }

    @Test
    @DisplayName("as server, start() sends nothing: the peer's ClientHello starts the handshake")
    void serverDoesNotStart() throws Exception {
        try (DtlsEndpoint endpoint = new DtlsEndpoint(relayCertificate, null, PREFERENCE, pipe.listener(contexts))) {
            endpoint.start();
            assertFalse(endpoint.running());
            assertNull(pipe.toClient.poll(200, TimeUnit.MILLISECONDS));
        }
    }

    /** The relay's endpoint as client, expecting the peer's certificate to hash to {@code expected}. */
    private DtlsEndpoint client(Fingerprint expected) {
        DtlsEndpoint endpoint = new DtlsEndpoint(relayCertificate, expected, PREFERENCE, pipe.listener(contexts), DtlsEndpoint.Role.CLIENT);
        pipe.endpoint = endpoint;
        return endpoint;
    }

    /** The passive browser: a DTLS server that prefers AES-CM, checks the relay's certificate against the relay's fingerprint. */
    private void passiveBrowser(DtlsCertificate own, CompletableFuture<DtlsSrtp.Keys> keys) throws IOException {
        DtlsSrtpServer browser = new DtlsSrtpServer(new BcTlsCrypto(new SecureRandom()), new DtlsSrtp.Setup(own,
                relayCertificate::fingerprint, List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM), keys::complete));
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        protocol.setVerifyRequests(false);
        protocol.accept(browser, pipe);
    }
}
