package one.webph.relay.control.ng;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

import one.webph.ng.NgMessage;
import one.webph.relay.sdp.SessionDescription;
import one.webph.relay.session.CallRegistry;

/** {@code offer}: anchors the offerer's media and returns the SDP for the answerer. */
@ApplicationScoped
class Offer implements NgCommand {

    private final CallRegistry calls;
    private final SdpExchange sdp;

    Offer(CallRegistry calls, SdpExchange sdp) {
        this.calls = calls;
        this.sdp = sdp;
    }

    @Override
    public Map<String, Object> handle(NgMessage message) {
        String callId = message.string("call-id").orElseThrow(() -> new NgException("No call-id in message"));
        String fromTag = message.string("from-tag").orElseThrow(() -> new NgException("No from-tag in message"));
        SessionDescription description = sdp.parse(message);
        var sender = sdp.sender(description);
        var source = sdp.source(message, sender);
        var receiver = sdp.receiver(message, sender);
        var anchor = calls.offer(callId, fromTag, sdp.branch(message), description, sender, source, receiver);
        return SdpExchange.ok(sdp.rewrite(message, description, sender, anchor, true));
    }
}
