package one.webph.relay.control.ng;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

import one.webph.ng.NgMessage;
import one.webph.relay.session.CallRegistry;

/** {@code list}: the call ids the relay carries (at most {@code limit}, default 32). */
@ApplicationScoped
class ListCalls implements NgCommand {

    private final CallRegistry calls;

    ListCalls(CallRegistry calls) {
        this.calls = calls;
    }

    @Override
    public Map<String, Object> handle(NgMessage message) {
        Object limit = message.dictionary().get("limit");
        int max = limit instanceof Number n ? (int) Math.max(0, Math.min(n.longValue(), 10_000)) : 32;
        List<String> ids = calls.callIds();
        return Map.of("result", "ok", "calls", ids.subList(0, Math.min(max, ids.size())));
    }
}
