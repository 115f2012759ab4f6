package one.webph.sip.proxy;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import java.util.Set;

import javax.sip.header.AuthorizationHeader;
import javax.sip.header.MaxForwardsHeader;

import one.webph.sip.auth.DigestAuthenticator;
import one.webph.sip.message.Forwarding;
import one.webph.sip.message.SipCodec;
import one.webph.sip.transport.Flow;

/**
 * Answers a REGISTER that carries no credentials with its 401 on the thread that parsed it,
 * statelessly, as RFC 3261 §8.2.7 allows a UAS to do for unauthenticated challenges (and as
 * Kamailio's sl module does). Half of every registration is this round trip: it no longer crosses
 * to the core thread and back, and no transaction keeps its answer for Timer J's 32 s (at 12,000
 * registrations a second that was ~380,000 kept answers). A retransmitted REGISTER gets a new
 * challenge with a new nonce, which a client takes like the first. Anything the core would answer
 * differently (a Route to follow, Max-Forwards 0, a refusal of {@link RequestValidation}) still
 * goes to the core. Thread-safe.
 */
final class StatelessChallenge {

    private final DigestAuthenticator authenticator;
    private final Set<String> ourHosts;

    StatelessChallenge(DigestAuthenticator authenticator, Set<String> ourHosts) {
        this.authenticator = authenticator;
        this.ourHosts = ourHosts;
    }

    /** Sends the 401 down the flow and returns true when the request is such a REGISTER. */
    boolean answered(SIPRequest request, Flow flow) {
        if (!applies(request)) {
            return false;
        }
        SIPResponse response = SipCodec.respond(request, 401, "Unauthorized");
        authenticator.challenge(response, "WWW-Authenticate", false);
        flow.send(SipCodec.encode(response));
        return true;
    }

    private boolean applies(SIPRequest request) {
        if (!"REGISTER".equals(request.getMethod()) || request.getHeader(AuthorizationHeader.NAME) != null
                || Forwarding.topRoute(request).isPresent()) {
            return false;
        }
        MaxForwardsHeader maxForwards = request.getMaxForwards();
        return (maxForwards == null || maxForwards.getMaxForwards() > 0) && RequestValidation.check(request, ourHosts).isEmpty();
    }
}
