package one.webph.sip.location;

/**
 * A REGISTER older than a binding it would change: the same Call-ID with a CSeq no higher than
 * the one that set the binding (RFC 3261 §10.3 steps 6 and 7; a delayed retransmission over UDP,
 * or a replay). It fails and changes nothing.
 */
public final class OutOfOrderRegistration extends RuntimeException {

    OutOfOrderRegistration(String aor) {
        super("a REGISTER for " + aor + " older than the binding it would change", null, false, false);
    }
}
