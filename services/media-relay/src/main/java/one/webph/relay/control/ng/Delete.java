package one.webph.relay.control.ng;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

import one.webph.ng.NgMessage;
import one.webph.relay.session.CallRegistry;

/** {@code delete}: ends the call, frees its ports, answers with its final counters. */
@ApplicationScoped
class Delete implements NgCommand {

    private final CallRegistry calls;

    Delete(CallRegistry calls) {
        this.calls = calls;
    }

    @Override
    public Map<String, Object> handle(NgMessage message) {
        String callId = message.string("call-id").orElseThrow(() -> new NgException("No call-id in message"));
        Map<String, Object> stats = calls.delete(callId);
        if (stats == null) {
            throw new NgException("Call-ID not found or tags didn't match");
        }
        Map<String, Object> reply = new LinkedHashMap<>(stats);
        reply.put("result", "ok");
        return reply;
    }
}
