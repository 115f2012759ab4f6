package one.webph.relay.control.ng;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

import one.webph.ng.NgMessage;
import one.webph.relay.session.CallRegistry;

/** {@code query}: a call's counters per leg and stream. */
@ApplicationScoped
class Query implements NgCommand {

    private final CallRegistry calls;

    Query(CallRegistry calls) {
        this.calls = calls;
    }

    @Override
    public Map<String, Object> handle(NgMessage message) {
        String callId = message.string("call-id").orElseThrow(() -> new NgException("No call-id in message"));
        Map<String, Object> stats = calls.query(callId);
        if (stats == null) {
            throw new NgException("Unknown call-id");
        }
        Map<String, Object> reply = new LinkedHashMap<>(stats);
        reply.put("result", "ok");
        return reply;
    }
}
