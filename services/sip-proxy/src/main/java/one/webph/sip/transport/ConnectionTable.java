package one.webph.sip.transport;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open TCP, TLS and WebSocket connections by {@link Flow#key()}, so a request for a phone
 * that registered over a connection can be sent down that same connection. Thread-safe.
 */
public final class ConnectionTable {

    private final Map<String, Flow> connections = new ConcurrentHashMap<>();

    void opened(Flow flow) {
        connections.put(flow.key(), flow);
    }

    void closed(Flow flow) {
        connections.remove(flow.key(), flow);
    }

    public Optional<Flow> find(String key) {
        return Optional.ofNullable(connections.get(key)).filter(Flow::open);
    }

    public int size() {
        return connections.size();
    }
}
