package one.webph.sip.location;

import java.time.Instant;
import java.util.Objects;

/**
 * A binding as {@link BindingCache} holds it. A refresh (the same device re-registering from the
 * same place) changes only its Call-ID, CSeq and expiry, and those are updated in place: a
 * binding lives until the device's next refresh, minutes in practice, so it sits in the old
 * generation, and replacing it on every refresh made each one a new young object that every
 * young collection copied until its promotion, then old garbage. Updated in place, a refresh
 * stores no new object at all. Thread-safe.
 */
final class HeldBinding {

    /** Room for a longer Call-ID next time (sipp's grow with its call counter). */
    private static final int CALL_ID_SPARE = 16;

    /** What a refresh does not change; its own Call-ID, CSeq and expiry are stale, see below. */
    private final Binding registered;
    /**
     * The Call-ID's characters, copied into an array this binding keeps. A client that takes a new
     * Call-ID for each refresh (sipp does; JsSIP and SIP.js keep theirs, as RFC 3261 §10.2 asks)
     * would otherwise store a young string in this old object each time: measured at 10,000
     * devices refreshing every 2.5 s, ~10,000 such references, each a card that every young
     * collection scanned (3.5 of its 5-8 ms) and a string it copied until the next refresh.
     * Guarded by this, as are the fields below.
     */
    private char[] callId = new char[0];
    private int callIdLength;
    private long cseq;
    private long expiresSecond;
    private int expiresNano;
    /** The expiry (epoch second) the table holds, or will once the writer commits; 0 after a failed write. */
    private long writtenExpiresSecond;
    /**
     * The share of the slack, under one half, that this binding's next refresh write comes early:
     * drawn at each write, so that bindings written together (a fleet back after an outage, the
     * warm-up of a load test) come due spread over half the slack, not again all at once. Measured
     * without it: 10,000 bindings written in the same second were all due again 30 s later, and
     * that burst of writes took the REGISTER p99 at 20,000/s from 12 to 44-76 ms.
     */
    private float writeSpread = nextSpread();

    /** A binding the table holds, or will once the writer commits the change that made it. */
    HeldBinding(Binding binding) {
        this.registered = binding;
        refresh(binding);
        writtenExpiresSecond = expiresSecond;
    }

    /**
     * Takes the binding's Call-ID, CSeq and expiry when it is a refresh of this one (every other
     * value equal); false, changing nothing, when it is not.
     */
    boolean refreshedBy(Binding binding) {
        Binding held = registered;
        if (held.regId() != binding.regId() || !held.contact().equals(binding.contact()) || !held.instance().equals(binding.instance())
                || !held.received().equals(binding.received()) || !held.transport().equals(binding.transport())
                || !held.pnProvider().equals(binding.pnProvider()) || !held.pnPrid().equals(binding.pnPrid())
                || !held.pnParam().equals(binding.pnParam()) || !held.userAgent().equals(binding.userAgent())
                || !Objects.equals(held.path(), binding.path())) {
            return false;
        }
        refresh(binding);
        return true;
    }

    private synchronized void refresh(Binding binding) {
        String id = binding.callId();
        int length = id.length();
        if (length > callId.length) {
            callId = new char[length + CALL_ID_SPARE];
        }
        id.getChars(0, length, callId, 0);
        callIdLength = length;
        cseq = binding.cseq();
        expiresSecond = binding.expires().getEpochSecond();
        expiresNano = binding.expires().getNano();
    }

    /**
     * Whether the table must take this binding's last refresh: its expiry moved past the one
     * written by at least the slack less this binding's spread (so between half the slack and
     * all of it), or back before it. When it must, that expiry counts as written from now on.
     */
    synchronized boolean writeDue(long slackSeconds) {
        long lead = (long) (slackSeconds * writeSpread);
        if (expiresSecond < writtenExpiresSecond || expiresSecond - writtenExpiresSecond >= slackSeconds - lead) {
            writtenExpiresSecond = expiresSecond;
            writeSpread = nextSpread();
            return true;
        }
        return false;
    }

    private static float nextSpread() {
        return java.util.concurrent.ThreadLocalRandom.current().nextFloat() * 0.5f;
    }

    /** Whether the table holds an older expiry than this binding's (a refresh it did not take). */
    synchronized boolean unwritten() {
        return expiresSecond != writtenExpiresSecond;
    }

    /** The write that held this binding failed: its next refresh is written, whatever it moves. */
    synchronized void writeFailed() {
        writtenExpiresSecond = 0;
    }

    synchronized boolean expiresAfter(Instant now) {
        return expiresSecond > now.getEpochSecond() || expiresSecond == now.getEpochSecond() && expiresNano > now.getNano();
    }

    /** The binding as it is now: a new value each time, for the caller to keep or drop. */
    synchronized Binding binding() {
        Binding b = registered;
        return new Binding(b.contact(), b.instance(), b.regId(), b.received(), b.transport(), Instant.ofEpochSecond(expiresSecond, expiresNano),
                b.pnProvider(), b.pnPrid(), b.pnParam(), new String(callId, 0, callIdLength), cseq, b.userAgent(), b.path());
    }

    boolean cameOver(String transport, String received) {
        return registered.transport().equals(transport) && registered.received().equals(received);
    }
}
