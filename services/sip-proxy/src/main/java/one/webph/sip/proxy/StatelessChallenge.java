package one.webph.sip.proxy;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import java.util.Set;

import javax.sip.header.AuthorizationHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ProxyAuthorizationHeader;

import one.webph.sip.auth.DigestAuthenticator;
import one.webph.sip.message.Forwarding;
import one.webph.sip.message.PlainRegister;
import one.webph.sip.message.SipCodec;
import one.webph.sip.routing.CommunityRoutes;
import one.webph.sip.transport.Flow;

/**
 * Answers on the thread that parsed them, statelessly, the requests whose answer is a challenge
 * whatever the database holds: a REGISTER without credentials gets its 401, and a new INVITE
 * without credentials from a source that is not a trusted community server gets its 407. RFC 3261
 * §8.2.7 allows a UAS this for unauthenticated challenges, and Kamailio's sl module does the same.
 * Half of every registration and of every call set-up is this round trip: it no longer crosses to
 * the core thread and back, and no transaction keeps its answer (Timer J's 32 s for a REGISTER;
 * for an INVITE the 407's retransmissions until the ACK, then Timer I). A retransmitted request
 * gets a new challenge with a new nonce, which a client takes like the first. Anything the core
 * would answer differently (a Route to follow, Max-Forwards 0, a refusal of
 * {@link RequestValidation}, a dialog's request) still goes to the core. Thread-safe.
 *
 * <p>The INVITE gets no 100 Trying first: a client that got one stops retransmitting its INVITE
 * (§17.1.1.2), so a lost stateless 407 would leave its call hanging; without it, the INVITE comes
 * again and is challenged again. The ACK of the 407 matches no transaction and, carrying no Route
 * of ours, is dropped ({@link Proxy#onStrayAck}).
 */
final class StatelessChallenge {

    private final DigestAuthenticator authenticator;
    private final CommunityRoutes communityRoutes;
    private final Set<String> ourHosts;

    StatelessChallenge(DigestAuthenticator authenticator, CommunityRoutes communityRoutes, Set<String> ourHosts) {
        this.authenticator = authenticator;
        this.communityRoutes = communityRoutes;
        this.ourHosts = ourHosts;
    }

    /**
     * Sends the 401 down the flow and returns true when the message is a REGISTER without
     * credentials plain enough to be answered from its text ({@link PlainRegister}); else the
     * message is parsed and goes to {@link #answered(SIPRequest, Flow)}. It has one Via, no Route,
     * no Proxy-Require, hops left and a SIP Request-URI, so nothing else is to be answered.
     */
    boolean answeredUnparsed(byte[] bytes, Flow flow) {
        PlainRegister register = PlainRegister.read(bytes);
        if (register == null) {
            return false;
        }
        flow.send(register.answer(401, "Unauthorized", flow.remote().getAddress().getHostAddress(), flow.remote().getPort(),
                authenticator.challengeFields("WWW-Authenticate", false)));
        return true;
    }

    /** Sends the challenge down the flow and returns true when the request is one of those. */
    boolean answered(SIPRequest request, Flow flow) {
        boolean register = "REGISTER".equals(request.getMethod());
        if (!(register ? registerApplies(request) : inviteApplies(request, flow))) {
            return false;
        }
        SIPResponse response = register ? SipCodec.respondSharing(request, 401, "Unauthorized")
                : SipCodec.respondSharing(request, 407, "Proxy Authentication Required");
        authenticator.challenge(response, register ? "WWW-Authenticate" : "Proxy-Authenticate", false);
        flow.send(SipCodec.encode(response));
        return true;
    }

    private boolean registerApplies(SIPRequest request) {
        return request.getHeader(AuthorizationHeader.NAME) == null && nothingElseToAnswer(request);
    }

    /**
     * A trusted community server's calls are not challenged; until the routes have been read
     * (the database was down at the start) that cannot be told here without a query, so the core
     * decides.
     */
    private boolean inviteApplies(SIPRequest request, Flow flow) {
        return "INVITE".equals(request.getMethod()) && request.getHeader(ProxyAuthorizationHeader.NAME) == null
                && !Forwarding.hasToTag(request) && communityRoutes.isLoaded()
                && communityRoutes.trustedSource(flow.remote().getAddress().getHostAddress()).isEmpty()
                && nothingElseToAnswer(request);
    }

    /** Nothing the core would answer instead of the challenge: a Route to follow, no hops left, a refusal. */
    private boolean nothingElseToAnswer(SIPRequest request) {
        if (Forwarding.topRoute(request).isPresent()) {
            return false;
        }
        MaxForwardsHeader maxForwards = request.getMaxForwards();
        return (maxForwards == null || maxForwards.getMaxForwards() > 0) && RequestValidation.check(request, ourHosts).isEmpty();
    }
}
