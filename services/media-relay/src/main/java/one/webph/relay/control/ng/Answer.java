package one.webph.relay.control.ng;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

import one.webph.ng.NgMessage;
import one.webph.relay.sdp.SessionDescription;
import one.webph.relay.session.CallRegistry;

/** {@code answer}: anchors the answerer's media and returns the SDP for the offerer. */
@ApplicationScoped
class Answer implements NgCommand {

    private final CallRegistry calls;
    private final SdpExchange sdp;

    Answer(CallRegistry calls, SdpExchange sdp) {
        this.calls = calls;
        this.sdp = sdp;
    }

    @Override
    public Map<String, Object> handle(NgMessage message) {
        String callId = message.string("call-id").orElseThrow(() -> new NgException("No call-id in message"));
        String fromTag = message.string("from-tag").orElseThrow(() -> new NgException("No from-tag in message"));
        String toTag = message.string("to-tag").orElseThrow(() -> new NgException("No to-tag in message"));
        SessionDescription description = sdp.parse(message);
        var sender = sdp.sender(description);
        var anchor = calls.answer(callId, fromTag, toTag, sdp.branch(message), description, sender, sdp.source(message, sender));
        return SdpExchange.ok(sdp.rewrite(message, description, sender, anchor, false));
    }
}
