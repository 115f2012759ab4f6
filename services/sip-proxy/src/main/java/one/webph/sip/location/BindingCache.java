package one.webph.sip.location;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bindings of each number as this proxy last set, committed or read them, so routing a call
 * costs no query. It is right because this proxy is the only writer of {@code location}. A
 * REGISTER for a number known here changes the entry at once ({@link #update}) and the table
 * follows in the writer's next commit; a number not known here (or with such a read-back still
 * pending) is committed first and read back ({@link #readBack}), so its entry is the table's state
 * after its changes. A read from the database only fills an empty place, never overwrites. Holds at
 * most {@code capacity} numbers; beyond that, numbers that are not cached yet go to the database
 * each time. Expired bindings are filtered out when read. Thread-safe.
 */
final class BindingCache {

    private final int capacity;
    private final long refreshSlackSeconds;
    /** Each number's bindings, in the order {@link BindingChange#applyAll} leaves them. */
    private final Map<NumberKey, List<HeldBinding>> byNumber = new ConcurrentHashMap<>();
    /** Numbers with registrations waiting to be committed and read back, and how many. Guarded by this. */
    private final Map<NumberKey, Integer> readBacks = new HashMap<>();

    /**
     * @param capacity most numbers kept; 0 turns the cache off
     * @param refreshSlack how far a refresh may move a binding's expiry past the one the table
     *     holds and still not be written; zero writes every refresh
     */
    BindingCache(int capacity, Duration refreshSlack) {
        this.capacity = capacity;
        this.refreshSlackSeconds = refreshSlack.toSeconds();
    }

    /** A registered number: the key of its bindings. */
    record NumberKey(String aor, String domain) {
    }

    /** What {@link #update} did: the number's unexpired bindings, and the changes the table still needs. */
    record Update(List<Binding> live, List<BindingChange> toWrite) {
    }

    /** The number's unexpired bindings, or null when the number is not cached. */
    List<Binding> live(String aor, String domain, Instant now) {
        List<HeldBinding> held = byNumber.get(key(aor, domain));
        return held == null ? null : stillLive(held, now);
    }

    boolean contains(String aor, String domain) {
        return byNumber.containsKey(key(aor, domain));
    }

    /**
     * Applies one REGISTER's changes to a number known here: its unexpired bindings after them, now
     * in memory. Null when the number is not known here or still waits for a read-back; the changes
     * must then be committed and read back, and that read-back is counted as pending until
     * {@link #readBack} (an update applied meanwhile would be overwritten by it). A refresh updates
     * the binding it refreshes in place ({@link HeldBinding}); the number's entry is replaced only
     * when a binding comes, goes or changes otherwise. A refresh that moves its binding's expiry
     * less than the slack past the written one is left out of the changes to write: a client that
     * re-registers every few seconds (a bug, a flapping network, a load generator) costs the
     * database one write per slack, and a crash shortens such a binding by less than the slack.
     *
     * @throws OutOfOrderRegistration when the changes come from a REGISTER older than a binding
     *     they touch; nothing changed
     */
    synchronized Update update(String aor, String domain, List<BindingChange> changes, Instant now) {
        NumberKey key = key(aor, domain);
        List<HeldBinding> before = readBacks.containsKey(key) ? null : byNumber.get(key);
        if (before == null) {
            readBacks.merge(key, 1, Integer::sum);
            return null;
        }
        List<Binding> current = bindings(before);
        if (BindingChange.outOfOrder(current, changes)) {
            throw new OutOfOrderRegistration(aor);
        }
        List<Binding> after = unexpired(BindingChange.applyAll(current, changes), now);
        List<HeldBinding> held = new ArrayList<>(after.size());
        List<BindingChange> toWrite = changes;
        boolean same = after.size() == before.size();
        for (int i = 0; i < after.size(); i++) {
            Binding binding = after.get(i);
            HeldBinding refreshed = refreshed(before, binding);
            // Only a binding this REGISTER saved is weighed: one it left alone keeps what its own last write left.
            if (refreshed != null && savedBy(changes, binding) && !refreshed.writeDue(refreshSlackSeconds)) {
                toWrite = withoutSaveOf(toWrite, binding);
            }
            held.add(refreshed != null ? refreshed : new HeldBinding(binding));
            same = same && held.get(i) == before.get(i);
        }
        if (!same) {
            byNumber.put(key, List.copyOf(held));
        }
        return new Update(after, toWrite);
    }

    private static List<BindingChange> withoutSaveOf(List<BindingChange> changes, Binding binding) {
        List<BindingChange> left = new ArrayList<>(changes.size());
        for (BindingChange change : changes) {
            if (!isSaveOf(change, binding)) {
                left.add(change);
            }
        }
        return left;
    }

    private static boolean savedBy(List<BindingChange> changes, Binding binding) {
        for (BindingChange change : changes) {
            if (isSaveOf(change, binding)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the change saves this binding (the same contact and instance: the table's key). */
    private static boolean isSaveOf(BindingChange change, Binding binding) {
        return change instanceof BindingChange.Save save && save.binding().contact().equals(binding.contact())
                && save.binding().instance().equals(binding.instance());
    }

    /** The held binding that the given one refreshes (now updated to it), or null. */
    private static HeldBinding refreshed(List<HeldBinding> held, Binding binding) {
        for (HeldBinding candidate : held) {
            if (candidate.refreshedBy(binding)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * What a commit left of a number whose changes {@link #update} could not apply: replaces the
     * entry (or drops it when there is no room). Null bindings: the commit failed, nothing changed.
     */
    synchronized void readBack(String aor, String domain, List<Binding> bindings) {
        NumberKey key = key(aor, domain);
        readBacks.computeIfPresent(key, (k, pending) -> pending == 1 ? null : pending - 1);
        if (bindings == null) {
            return;
        }
        if (byNumber.size() < capacity || byNumber.containsKey(key)) {
            byNumber.put(key, held(bindings));
        } else {
            byNumber.remove(key);
        }
    }

    /** A write behind the number's answer failed: each of its bindings is written at its next refresh. */
    void writeFailed(String aor, String domain) {
        List<HeldBinding> held = byNumber.get(key(aor, domain));
        if (held != null) {
            held.forEach(HeldBinding::writeFailed);
        }
    }

    /**
     * The refreshes the table did not take, as changes per number, for a stop to write: a
     * restart then finds every binding as it was.
     */
    synchronized Map<NumberKey, List<BindingChange>> unwrittenRefreshes() {
        Map<NumberKey, List<BindingChange>> unwritten = new HashMap<>();
        byNumber.forEach((key, held) -> {
            for (HeldBinding binding : held) {
                if (binding.unwritten() && binding.writeDue(0)) {
                    unwritten.computeIfAbsent(key, k -> new ArrayList<>()).add(new BindingChange.Save(binding.binding()));
                }
            }
        });
        return unwritten;
    }

    /** What a database read found: kept only where no commit has put a newer state meanwhile. */
    void read(String aor, String domain, List<Binding> bindings) {
        if (byNumber.size() < capacity) {
            byNumber.putIfAbsent(key(aor, domain), held(bindings));
        }
    }

    /** A connection closed: the bindings that came over it are gone. */
    synchronized void flowClosed(String transport, String received) {
        for (NumberKey key : byNumber.keySet()) {
            byNumber.computeIfPresent(key, (k, held) -> held.stream().anyMatch(b -> b.cameOver(transport, received))
                    ? held.stream().filter(b -> !b.cameOver(transport, received)).toList()
                    : held);
        }
    }

    /**
     * Forgets the numbers whose bindings have all expired (a lookup reads them again). A number
     * known to have none stays: dropping it could let a read from before its last commit back in.
     */
    synchronized void dropExpired(Instant now) {
        byNumber.values().removeIf(held -> !held.isEmpty() && held.stream().noneMatch(b -> b.expiresAfter(now)));
    }

    int size() {
        return byNumber.size();
    }

    /** The number's entry as held (tests: whether an update replaced it). */
    Object entry(String aor, String domain) {
        return byNumber.get(key(aor, domain));
    }

    private static List<HeldBinding> held(List<Binding> bindings) {
        return bindings.stream().map(HeldBinding::new).toList();
    }

    private static List<Binding> bindings(List<HeldBinding> held) {
        List<Binding> bindings = new ArrayList<>(held.size());
        for (HeldBinding binding : held) {
            bindings.add(binding.binding());
        }
        return bindings;
    }

    private static List<Binding> stillLive(List<HeldBinding> held, Instant now) {
        List<Binding> live = new ArrayList<>(held.size());
        for (HeldBinding binding : held) {
            if (binding.expiresAfter(now)) {
                live.add(binding.binding());
            }
        }
        return Collections.unmodifiableList(live);
    }

    private static List<Binding> unexpired(List<Binding> bindings, Instant now) {
        return bindings.stream().filter(binding -> binding.expires().isAfter(now)).toList();
    }

    private static NumberKey key(String aor, String domain) {
        return new NumberKey(aor, domain);
    }
}
