package one.webph.relay.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The ICE-lite side of one WebRTC stream (RFC 8445 section 2.5): the browser is the full agent
 * and sends Binding requests to our single host candidate; we answer those whose USERNAME is
 * {@code ourUfrag:theirUfrag} and whose MESSAGE-INTEGRITY is keyed with our password, and tell the
 * caller the source is authenticated, so that the data plane learns the peer's address from
 * nothing else (the RTP Bleed attack). Consent checks (RFC 7675) are the same requests, answered
 * the same way. Requests that fail authentication get no answer at all. An ICE restart replaces our credentials; the previous ones are still accepted until
 * a request with the new ones arrives, so checks in flight do not fail.
 *
 * <p>Thread: called on the owning port's event loop for packets, and from the control thread
 * for restarts; the credentials are swapped as one immutable object.
 */
public final class IceLiteAgent {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** What to do with a STUN datagram: the reply to send back (or null), and whether its source proved it knows our password. */
    public record Outcome(byte[] reply, boolean authenticated, boolean nominated) {
        static final Outcome IGNORE = new Outcome(null, false, false);
    }

    /** Our username fragment and password (RFC 8445 section 5.3: at least 4 and 22 ice-chars). */
    public record Credentials(String ufrag, String pwd) {
        public static Credentials random() {
            return new Credentials(randomIceChars(8), randomIceChars(24));
        }
    }

    private volatile Credentials current;
    private volatile Credentials previous;

    public IceLiteAgent(Credentials credentials) {
        this.current = credentials;
    }

    public Credentials credentials() {
        return current;
    }

    /** ICE restart: new local credentials from a later offer or answer. */
    public void restart(Credentials next) {
        if (!next.equals(current)) {
            previous = current;
            current = next;
        }
    }

    /** Handles one STUN datagram from {@code source}. */
    public Outcome handle(byte[] buf, int off, int len, InetSocketAddress source) {
        StunMessage message = StunMessage.parse(buf, off, len);
        if (message == null || message.type() != StunMessage.BINDING_REQUEST || !message.fingerprintMatches()) {
            // Indications (keep-alives) and responses need no answer; a broken FINGERPRINT means not STUN.
            return Outcome.IGNORE;
        }
        String username = message.username();
        Credentials matching = username == null ? null : matching(username, message);
        if (matching == null) {
            // RFC 5389 would answer 400 or 401; we stay silent, so a stranger probing the port
            // learns nothing and cannot use the relay as a reflector. Browsers just retry.
            return Outcome.IGNORE;
        }
        if (matching == current) {
            previous = null;
        }
        byte[] id = message.transactionId();
        byte[] reply = new StunWriter(StunMessage.BINDING_SUCCESS, id)
                .xorMappedAddress(source, id)
                .messageIntegrity(matching.pwd())
                .withFingerprint();
        return new Outcome(reply, true, message.has(StunMessage.USE_CANDIDATE));
    }

    private Credentials matching(String username, StunMessage message) {
        for (Credentials candidate : new Credentials[] {current, previous}) {
            if (candidate != null && username.startsWith(candidate.ufrag() + ":") && message.integrityMatches(candidate.pwd())) {
                return candidate;
            }
        }
        return null;
    }

    static String randomIceChars(int count) {
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(chars);
    }

    /** A Binding request as a browser sends it: for tests and for probing a relay. */
    public static byte[] bindingRequest(String username, String password, boolean useCandidate) {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        StunWriter writer = new StunWriter(StunMessage.BINDING_REQUEST, id)
                .attribute(StunMessage.USERNAME, username.getBytes(StandardCharsets.UTF_8))
                .attribute(StunMessage.PRIORITY, new byte[] {0x6E, 0, 1, (byte) 0xFF})
                .attribute(StunMessage.ICE_CONTROLLING, new byte[8]);
        if (useCandidate) {
            writer.attribute(StunMessage.USE_CANDIDATE, new byte[0]);
        }
        return writer.messageIntegrity(password).withFingerprint();
    }
}
