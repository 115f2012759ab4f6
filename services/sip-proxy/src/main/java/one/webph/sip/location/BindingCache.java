package one.webph.sip.location;

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
    /** Each number's bindings, in the order {@link BindingChange#applyAll} leaves them. */
    private final Map<String, List<HeldBinding>> byNumber = new ConcurrentHashMap<>();
    /** Numbers with registrations waiting to be committed and read back, and how many. Guarded by this. */
    private final Map<String, Integer> readBacks = new HashMap<>();

    /** @param capacity most numbers kept; 0 turns the cache off */
    BindingCache(int capacity) {
        this.capacity = capacity;
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
     * when a binding comes, goes or changes otherwise.
     *
     * @throws OutOfOrderRegistration when the changes come from a REGISTER older than a binding
     *     they touch; nothing changed
     */
    synchronized List<Binding> update(String aor, String domain, List<BindingChange> changes, Instant now) {
        String key = key(aor, domain);
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
        boolean same = after.size() == before.size();
        for (int i = 0; i < after.size(); i++) {
            HeldBinding refreshed = refreshed(before, after.get(i));
            held.add(refreshed != null ? refreshed : new HeldBinding(after.get(i)));
            same = same && held.get(i) == before.get(i);
        }
        if (!same) {
            byNumber.put(key, List.copyOf(held));
        }
        return after;
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
        String key = key(aor, domain);
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

    /** What a database read found: kept only where no commit has put a newer state meanwhile. */
    void read(String aor, String domain, List<Binding> bindings) {
        if (byNumber.size() < capacity) {
            byNumber.putIfAbsent(key(aor, domain), held(bindings));
        }
    }

    /** A connection closed: the bindings that came over it are gone. */
    synchronized void flowClosed(String transport, String received) {
        for (String key : byNumber.keySet()) {
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

    private static String key(String aor, String domain) {
        return aor + "@" + domain;
    }
}
