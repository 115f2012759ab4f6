package one.webph.sip.proxy;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import one.webph.sip.message.Forwarding;
import one.webph.sip.message.SipCodec;

/**
 * RFC 3261 §16.3 request validation, before anything else looks at a new request: URI schemes we
 * cannot route, loops, extensions we do not support. The answer when the request must be refused.
 */
final class RequestValidation {

    /** A refusal: the status and reason phrase to answer with, and the option tags we lack (420). */
    record Refusal(int status, String reason, List<String> unsupported) {

        Refusal(int status, String reason) {
            this(status, reason, List.of());
        }

        SIPResponse responseTo(SIPRequest request) {
            SIPResponse response = SipCodec.respond(request, status, reason);
            if (!unsupported.isEmpty()) {
                // RFC 3261 §16.3 step 5: the 420 lists the extensions in an Unsupported field.
                unsupported.forEach(tag -> SipCodec.addHeader(response, "Unsupported", tag));
            }
            return response;
        }
    }

    private RequestValidation() {
    }

    static Optional<Refusal> check(SIPRequest request, Set<String> ourHosts) {
        if (!Forwarding.hasSipRequestUri(request)) {
            // RFC 3261 §16.3 step 2; RFC 4475 §3.3.2 and §3.3.3 (unknown and atypical schemes).
            return Optional.of(new Refusal(416, "Unsupported URI Scheme"));
        }
        if (Forwarding.ourVias(request, ourHosts) >= 2) {
            return Optional.of(new Refusal(482, "Loop Detected"));
        }
        List<String> required = Forwarding.proxyRequire(request);
        if (!required.isEmpty()) {
            return Optional.of(new Refusal(420, "Bad Extension", required));
        }
        return Optional.empty();
    }
}
