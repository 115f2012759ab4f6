package one.webph.sip.auth;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;

import javax.sip.header.WWWAuthenticateHeader;

/**
 * Our side of digest when a community server challenges the calls we send it (401 or 407):
 * the answer computed from the HA1 the operator's password was turned into (we never hold the
 * password). SHA-256 when offered and known, else MD5; qop=auth when offered.
 */
public final class DigestClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestClient() {
    }

    /** The header to add to the retried request: its name and value. */
    public record Answer(String headerName, String value) {
    }

    public static Optional<Answer> answer(SIPResponse challenge, SIPRequest request, String username, String realm, String ha1Md5,
                                          String ha1Sha256) {
        boolean proxy = challenge.getStatusCode() == 407;
        ListIterator<?> headers = challenge.getHeaders(proxy ? "Proxy-Authenticate" : "WWW-Authenticate");
        WWWAuthenticateHeader chosen = null;
        while (headers.hasNext()) {
            WWWAuthenticateHeader header = (WWWAuthenticateHeader) headers.next();
            String algorithm = header.getAlgorithm() == null ? "MD5" : header.getAlgorithm().toUpperCase(Locale.ROOT);
            if (!realm.equals(header.getRealm()) || !"digest".equalsIgnoreCase(header.getScheme())) {
                continue;
            }
            if (algorithm.equals("SHA-256") && !ha1Sha256.isEmpty()) {
                chosen = header;
                break;
            }
            if (algorithm.equals("MD5") && chosen == null) {
                chosen = header;
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        String algorithm = chosen.getAlgorithm() == null ? "MD5" : chosen.getAlgorithm().toUpperCase(Locale.ROOT);
        String ha1 = algorithm.equals("SHA-256") ? ha1Sha256 : ha1Md5;
        String uri = request.getRequestURI().toString();
        String qop = chosen.getQop() != null && chosen.getQop().toLowerCase(Locale.ROOT).contains("auth") ? "auth" : null;
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        String cnonce = HexFormat.of().formatHex(bytes);
        String nc = "00000001";
        String response = DigestAuthenticator.expected(algorithm, ha1, chosen.getNonce(), qop == null ? null : nc, cnonce, qop,
                request.getMethod(), uri);
        StringBuilder value = new StringBuilder("Digest username=\"").append(username).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(chosen.getNonce()).append("\", uri=\"").append(uri).append("\", response=\"")
                .append(response).append("\", algorithm=").append(algorithm);
        if (chosen.getOpaque() != null) {
            value.append(", opaque=\"").append(chosen.getOpaque()).append('"');
        }
        if (qop != null) {
            value.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        }
        return Optional.of(new Answer(proxy ? "Proxy-Authorization" : "Authorization", value.toString()));
    }
}
