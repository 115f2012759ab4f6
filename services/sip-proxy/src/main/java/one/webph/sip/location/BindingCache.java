package one.webph.sip.location;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bindings of each number as last committed or read, so routing a call costs no query. It is
 * right because this proxy is the only writer of {@code location}: every commit replaces its
 * numbers' entries with their state after it (read back, or worked out from the state here and
 * the changes, which is the same), and a read from the database only fills an empty place, never
 * overwrites what a commit put there. Holds at most {@code capacity} numbers; beyond that, numbers
 * that are not cached yet go to the database each time. Expired bindings are filtered out when
 * read. Thread-safe.
 */
final class BindingCache {

    private final int capacity;
    private final Map<String, List<Binding>> byNumber = new ConcurrentHashMap<>();

    /** @param capacity most numbers kept; 0 turns the cache off */
    BindingCache(int capacity) {
        this.capacity = capacity;
    }

    /** The number's unexpired bindings, or null when the number is not cached. */
    List<Binding> live(String aor, String domain, Instant now) {
        List<Binding> bindings = byNumber.get(key(aor, domain));
        if (bindings == null) {
            return null;
        }
        for (Binding binding : bindings) {
            if (!binding.expires().isAfter(now)) {
                return bindings.stream().filter(b -> b.expires().isAfter(now)).toList();
            }
        }
        return bindings;
    }

    boolean contains(String aor, String domain) {
        return byNumber.containsKey(key(aor, domain));
    }

    /** What a commit left of the number: replaces the entry (or drops it when there is no room). */
    void committed(String aor, String domain, List<Binding> bindings) {
        String key = key(aor, domain);
        if (byNumber.size() < capacity || byNumber.containsKey(key)) {
            byNumber.put(key, List.copyOf(bindings));
        } else {
            byNumber.remove(key);
        }
    }

    /** What a database read found: kept only where no commit has put a newer state meanwhile. */
    void read(String aor, String domain, List<Binding> bindings) {
        if (byNumber.size() < capacity) {
            byNumber.putIfAbsent(key(aor, domain), List.copyOf(bindings));
        }
    }

    /** A connection closed: the bindings that came over it are gone. */
    void flowClosed(String transport, String received) {
        for (String key : byNumber.keySet()) {
            byNumber.computeIfPresent(key, (k, bindings) -> bindings.stream().anyMatch(b -> cameOver(b, transport, received))
                    ? bindings.stream().filter(b -> !cameOver(b, transport, received)).toList()
                    : bindings);
        }
    }

    /**
     * Forgets the numbers whose bindings have all expired (a lookup reads them again). A number
     * known to have none stays: dropping it could let a read from before its last commit back in.
     */
    void dropExpired(Instant now) {
        byNumber.values().removeIf(bindings -> !bindings.isEmpty() && bindings.stream().noneMatch(b -> b.expires().isAfter(now)));
    }

    int size() {
        return byNumber.size();
    }

    private static boolean cameOver(Binding binding, String transport, String received) {
        return binding.transport().equals(transport) && binding.received().equals(received);
    }

    private static String key(String aor, String domain) {
        return aor + "@" + domain;
    }
}
