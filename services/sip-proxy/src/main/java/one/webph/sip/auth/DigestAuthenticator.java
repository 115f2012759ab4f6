package one.webph.sip.auth;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sip.header.AuthorizationHeader;

import one.webph.sip.config.SipConfig;

/**
 * HTTP Digest for SIP (RFC 3261 §22, RFC 2617, RFC 7616/8760): checks an {@code Authorization}
 * against the subscriber's HA1, and writes challenges with MD5 first (JsSIP and SIP.js read only
 * the first) and SHA-256 second. Unknown users are challenged exactly like known ones.
 */
@ApplicationScoped
public class DigestAuthenticator {

    /** The verdict on a request's credentials. */
    public sealed interface Result permits Authenticated, Challenge {
    }

    /** The request carries valid credentials of {@code username}. */
    public record Authenticated(String username) implements Result {
    }

    /** Answer with a challenge; {@code failed} when credentials were sent and were wrong. */
    public record Challenge(boolean stale, boolean failed) implements Result {
    }

    private final SipConfig config;
    private final NonceService nonces;
    private final CredentialStore credentials;

    DigestAuthenticator(SipConfig config, NonceService nonces, CredentialStore credentials) {
        this.config = config;
        this.nonces = nonces;
        this.credentials = credentials;
    }

    /**
     * Whether {@link #check} can run without touching the database: there are no credentials to
     * look up, or they are in the cache. Then the caller need not leave its event loop.
     */
    public boolean checksWithoutBlocking(SIPRequest request, String headerName) {
        if (!(request.getHeader(headerName) instanceof AuthorizationHeader authorization)
                || !"digest".equalsIgnoreCase(authorization.getScheme()) || authorization.getUsername() == null) {
            return true;
        }
        return credentials.isCached(authorization.getUsername(), config.domain());
    }

    /** Blocks while the credentials are read, unless {@link #checksWithoutBlocking} said otherwise. */
    public Result check(SIPRequest request, String headerName) {
        AuthorizationHeader authorization = (AuthorizationHeader) request.getHeader(headerName);
        if (authorization == null || !"digest".equalsIgnoreCase(authorization.getScheme())) {
            return new Challenge(false, false);
        }
        String username = authorization.getUsername();
        String realm = authorization.getRealm();
        String nonce = authorization.getNonce();
        String uri = authorization.getParameter("uri");
        String response = authorization.getResponse();
        if (username == null || nonce == null || uri == null || response == null || !config.domain().equals(realm)) {
            return new Challenge(false, true);
        }
        String qop = authorization.getQop();
        String nc = authorization.getParameter("nc");
        long count = nc == null ? -1 : parseCount(nc);
        NonceService.Check nonceCheck = nonces.check(nonce, count);
        if (nonceCheck == NonceService.Check.STALE) {
            return new Challenge(true, false);
        }
        if (nonceCheck != NonceService.Check.VALID) {
            return new Challenge(false, true);
        }
        String algorithm = authorization.getAlgorithm() == null ? "MD5" : authorization.getAlgorithm().toUpperCase(Locale.ROOT);
        Optional<Credentials> known = credentials.find(username, config.domain());
        String ha1 = known.map(c -> algorithm.equals("SHA-256") ? c.ha1Sha256() : c.ha1()).orElse("0".repeat(64));
        String expected = expected(algorithm, ha1, nonce, nc, authorization.getCNonce(), qop, request.getMethod(), uri);
        boolean matches = expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        return matches && known.isPresent() ? new Authenticated(username) : new Challenge(false, true);
    }

    /**
     * Adds the challenges to a 401 (headerName WWW-Authenticate) or 407 (Proxy-Authenticate):
     * MD5, SHA-256, and MD5 again. Clients that keep one challenge disagree on which: sipp and
     * SIP.js-style parsers take the first, JsSIP 3.13 the last (its parser replaces the header),
     * and neither does SHA-256; RFC 7616 clients choose SHA-256 from the list.
     */
    public void challenge(SIPResponse response, String headerName, boolean stale) {
        // Added as text: only sent, never read back, and parsing our own header cost ~3% of the
        // CPU of a registration.
        challengeFields(headerName, stale).forEach(response::addUnparsed);
    }

    /** The header lines of {@link #challenge}, with one new nonce, for a response built as text. */
    public List<String> challengeFields(String headerName, boolean stale) {
        String nonce = nonces.issue();
        List<String> fields = new ArrayList<>(3);
        for (String algorithm : new String[] {"MD5", "SHA-256", "MD5"}) {
            fields.add(headerName + ": Digest realm=\"" + config.domain() + "\", nonce=\"" + nonce
                    + "\", qop=\"auth\", algorithm=" + algorithm + (stale ? ", stale=true" : ""));
        }
        return fields;
    }

    /** RFC 7616 §3.4.1 response value; null for an algorithm or qop we do not support. */
    static String expected(String algorithm, String ha1, String nonce, String nc, String cnonce, String qop, String method, String uri) {
        String hash = switch (algorithm) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            default -> null;
        };
        if (hash == null) {
            return null;
        }
        String ha2 = hex(hash, method + ":" + uri);
        if (qop == null) {
            return hex(hash, ha1 + ":" + nonce + ":" + ha2);
        }
        if (!qop.equalsIgnoreCase("auth") || nc == null || cnonce == null) {
            return null;
        }
        return hex(hash, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseCount(String nc) {
        try {
            return Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
