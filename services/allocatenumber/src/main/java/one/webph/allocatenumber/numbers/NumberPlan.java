package one.webph.allocatenumber.numbers;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import one.webph.allocatenumber.config.AllocateConfig;

/**
 * The prefixes this server hands out numbers from, read from configuration at start
 * ({@code NUMBER_PREFIXES}, entries {@code prefix} or {@code prefix:digits}).
 */
@ApplicationScoped
public class NumberPlan {

    private final Map<String, NumberPrefix> prefixes = new LinkedHashMap<>();

    NumberPlan(AllocateConfig config) {
        for (String entry : config.numbers().prefixes()) {
            String[] parts = entry.trim().split(":", 2);
            int digits = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : config.numbers().digits();
            NumberPrefix prefix = new NumberPrefix(parts[0].trim(), digits);
            prefixes.put(prefix.prefix(), prefix);
        }
        if (prefixes.isEmpty()) {
            throw new IllegalStateException("NUMBER_PREFIXES lists no prefix: at least one is needed");
        }
    }

    /** The pool for a requested prefix; the default (first) one when none is asked for. */
    public Optional<NumberPrefix> find(String requested) {
        if (requested == null || requested.isBlank()) {
            return Optional.of(prefixes.values().iterator().next());
        }
        return Optional.ofNullable(prefixes.get(requested.trim()));
    }

    public List<NumberPrefix> all() {
        return List.copyOf(prefixes.values());
    }
}
