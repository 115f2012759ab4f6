package one.webph.relay.control.ng;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

import one.webph.ng.NgMessage;

/** {@code ping} → {@code pong}: the controller's liveness check. */
@ApplicationScoped
class Ping implements NgCommand {

    @Override
    public Map<String, Object> handle(NgMessage message) {
        return Map.of("result", "pong");
    }
}
