package one.webph.sip.proxy;

import gov.nist.javax.sip.message.SIPRequest;

import java.util.Optional;
import java.util.Set;

import one.webph.sip.message.Forwarding;

/**
 * RFC 3261 §16.3 request validation, before anything else looks at a new request: loops,
 * extensions we do not support. The answer when the request must be refused.
 */
final class RequestValidation {

    /** A refusal: the status and reason phrase to answer with. */
    record Refusal(int status, String reason) {
    }

    private RequestValidation() {
    }

    static Optional<Refusal> check(SIPRequest request, Set<String> ourHosts) {
        if (Forwarding.ourVias(request, ourHosts) >= 2) {
            return Optional.of(new Refusal(482, "Loop Detected"));
        }
        if (Forwarding.hasProxyRequire(request)) {
            return Optional.of(new Refusal(420, "Bad Extension"));
        }
        return Optional.empty();
    }
}
