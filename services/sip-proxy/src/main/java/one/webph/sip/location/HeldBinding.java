package one.webph.sip.location;

import java.time.Instant;
import java.util.Objects;

/**
 * A binding as {@link BindingCache} holds it. A refresh (the same device re-registering from the
 * same place) changes only its Call-ID, CSeq and expiry, and those are updated in place: a
 * binding lives until the device's next refresh, minutes in practice, so it sits in the old
 * generation, and replacing it on every refresh made each one a new young object that every
 * young collection copied until its promotion, then old garbage. Updated in place, a refresh
 * stores no new object at all when the Call-ID is the one held (as RFC 3261 §10.2 asks of
 * clients); the Call-ID string is the only thing a client that changes it costs. Thread-safe.
 */
final class HeldBinding {

    /** What a refresh does not change; its own Call-ID, CSeq and expiry are stale, see below. */
    private final Binding registered;
    /** Guarded by this. */
    private String callId;
    private long cseq;
    private long expiresSecond;
    private int expiresNano;

    HeldBinding(Binding binding) {
        this.registered = binding;
        refresh(binding);
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
        if (!binding.callId().equals(callId)) {
            callId = binding.callId();
        }
        cseq = binding.cseq();
        expiresSecond = binding.expires().getEpochSecond();
        expiresNano = binding.expires().getNano();
    }

    synchronized boolean expiresAfter(Instant now) {
        return expiresSecond > now.getEpochSecond() || expiresSecond == now.getEpochSecond() && expiresNano > now.getNano();
    }

    /** The binding as it is now: a new value each time, for the caller to keep or drop. */
    synchronized Binding binding() {
        Binding b = registered;
        return new Binding(b.contact(), b.instance(), b.regId(), b.received(), b.transport(), Instant.ofEpochSecond(expiresSecond, expiresNano),
                b.pnProvider(), b.pnPrid(), b.pnParam(), callId, cseq, b.userAgent(), b.path());
    }

    boolean cameOver(String transport, String received) {
        return registered.transport().equals(transport) && registered.received().equals(received);
    }
}
