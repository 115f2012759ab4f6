package one.webph.sip.location;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One change a REGISTER makes to the bindings of its number (RFC 3261 §10.3 steps 6-8). */
public sealed interface BindingChange {

    /**
     * Whether this change touches the binding and comes from a REGISTER no newer than the one
     * that set it: the same Call-ID and a CSeq not higher (RFC 3261 §10.3 steps 6 and 7).
     */
    boolean isStaleFor(Binding existing);

    /** Adds or refreshes a binding; a device (+sip.instance) keeps one binding, whatever its contact. */
    record Save(Binding binding) implements BindingChange {
        @Override
        public boolean isStaleFor(Binding existing) {
            return existing.instance().equals(binding.instance()) && keyPrefix(existing.contact()).equals(keyPrefix(binding.contact()))
                    && notNewer(existing, binding.callId(), binding.cseq());
        }
    }

    /**
     * Removes one contact (it was registered with expires 0) by a REGISTER with this Call-ID and
     * CSeq; an empty Call-ID is a removal no REGISTER asked for, never stale.
     */
    record Remove(String contact, String callId, long cseq) implements BindingChange {

        Remove(String contact) {
            this(contact, "", 0);
        }

        @Override
        public boolean isStaleFor(Binding existing) {
            return existing.contact().equals(contact) && notNewer(existing, callId, cseq);
        }
    }

    /** Removes every contact of the number (Contact: * with Expires: 0), as {@link Remove} does one. */
    record RemoveAll(String callId, long cseq) implements BindingChange {

        RemoveAll() {
            this("", 0);
        }

        @Override
        public boolean isStaleFor(Binding existing) {
            return notNewer(existing, callId, cseq);
        }
    }

    /**
     * Whether the changes come from a REGISTER older than a binding they touch (a delayed or
     * replayed request): then the whole REGISTER must fail and change nothing. A binding set
     * under another Call-ID is simply replaced.
     */
    static boolean outOfOrder(List<Binding> before, List<BindingChange> changes) {
        for (BindingChange change : changes) {
            for (Binding existing : before) {
                if (change.isStaleFor(existing)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean notNewer(Binding existing, String callId, long cseq) {
        return !callId.isEmpty() && existing.callId().equals(callId) && existing.cseq() >= cseq;
    }

    /**
     * A number's bindings after one REGISTER's changes, as {@link GroupCommitWriter}'s statements
     * leave its rows: first the removals (every contact, then single contacts, then a device's
     * other contacts), then each save inserts, or updates the row with the same unique key.
     * Kept in step with those statements, so a commit need not read its numbers back.
     */
    static List<Binding> applyAll(List<Binding> before, List<BindingChange> changes) {
        List<Binding> after = new ArrayList<>(before);
        for (BindingChange change : changes) {
            if (change instanceof RemoveAll) {
                after.clear();
            }
        }
        for (BindingChange change : changes) {
            if (change instanceof Remove remove) {
                after.removeIf(binding -> binding.contact().equals(remove.contact()));
            }
        }
        for (BindingChange change : changes) {
            if (change instanceof Save save && !save.binding().instance().isEmpty()) {
                Binding device = save.binding();
                after.removeIf(binding -> binding.instance().equals(device.instance()) && !binding.contact().equals(device.contact()));
            }
        }
        for (BindingChange change : changes) {
            if (change instanceof Save save) {
                upsert(after, save.binding());
            }
        }
        return after;
    }

    /** The table's unique key: number, instance and the contact's first 255 characters. */
    private static void upsert(List<Binding> bindings, Binding saved) {
        String key = keyPrefix(saved.contact());
        for (int i = 0; i < bindings.size(); i++) {
            Binding existing = bindings.get(i);
            if (existing.instance().equals(saved.instance()) && keyPrefix(existing.contact()).equals(key)) {
                // ON DUPLICATE KEY UPDATE keeps the row's contact and instance, takes the rest. A
                // refresh keeps the equal strings it already holds, so it retains one small record
                // rather than a dozen fresh strings: each binding lives until the device's next
                // refresh, which under load is many young collections, each copying it.
                bindings.set(i, new Binding(existing.contact(), existing.instance(), saved.regId(),
                        kept(existing.received(), saved.received()), kept(existing.transport(), saved.transport()), saved.expires(),
                        kept(existing.pnProvider(), saved.pnProvider()), kept(existing.pnPrid(), saved.pnPrid()),
                        kept(existing.pnParam(), saved.pnParam()), kept(existing.callId(), saved.callId()), saved.cseq(),
                        kept(existing.userAgent(), saved.userAgent()), kept(existing.path(), saved.path())));
                return;
            }
        }
        bindings.add(saved);
    }

    /** The string already held when the new one is equal to it. */
    private static String kept(String held, String fresh) {
        return Objects.equals(held, fresh) ? held : fresh;
    }

    private static String keyPrefix(String contact) {
        return contact.codePointCount(0, contact.length()) <= 255 ? contact : contact.substring(0, contact.offsetByCodePoints(0, 255));
    }
}
