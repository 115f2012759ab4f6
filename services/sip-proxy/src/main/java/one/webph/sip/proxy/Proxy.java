package one.webph.sip.proxy;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import one.webph.sip.auth.DigestAuthenticator;
import one.webph.sip.config.SipConfig;
import one.webph.sip.location.Binding;
import one.webph.sip.message.Forwarding;
import one.webph.sip.message.SipCodec;
import one.webph.sip.message.UriParts;
import one.webph.sip.registrar.Registrar;
import one.webph.sip.routing.CommunityRoute;
import one.webph.sip.routing.CommunityRoutes;
import one.webph.sip.routing.Destination;
import one.webph.sip.routing.NumberRouter;
import one.webph.sip.transaction.ServerTransaction;
import one.webph.sip.transaction.TransactionLayer;
import one.webph.sip.transport.Flow;

/**
 * The proxy core (RFC 3261 §16): validates each new request, consumes the Route entries that
 * name us, and then registers, answers, authenticates (407) and routes it: to every live binding
 * of a local number (parallel forking), to a community server by prefix, or along the route set
 * of a dialog we record-routed. Never an open relay: a request must come from an authenticated
 * local user or a trusted community server, and a community server may only reach local numbers.
 * Core thread only; database work runs on workers and comes back here.
 */
final class Proxy {

    private static final Logger LOG = Logger.getLogger(Proxy.class);

    private final SipConfig config;
    private final Vertx vertx;
    private final TransactionLayer transactions;
    private final Flows flows;
    private final OwnAddresses us;
    private final FlowTokens tokens;
    private final DigestAuthenticator authenticator;
    private final Registrar registrar;
    private final NumberRouter router;
    private final CommunityRoutes communityRoutes;
    private final FailedAuthBan authBans;
    private final Map<ServerTransaction, ResponseContext> contexts = new HashMap<>();

    Proxy(SipConfig config, Vertx vertx, TransactionLayer transactions, Flows flows, OwnAddresses us, FlowTokens tokens,
          DigestAuthenticator authenticator, Registrar registrar, NumberRouter router, CommunityRoutes communityRoutes,
          FailedAuthBan authBans) {
        this.config = config;
        this.vertx = vertx;
        this.transactions = transactions;
        this.flows = flows;
        this.us = us;
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.registrar = registrar;
        this.router = router;
        this.communityRoutes = communityRoutes;
        this.authBans = authBans;
    }

    /** Calls being routed right now (the INVITEs and other requests waiting for answers). */
    int activeContexts() {
        return contexts.size();
    }

    void onRequest(ServerTransaction transaction) {
        SIPRequest request = transaction.request();
        String method = request.getMethod();
        if ("INVITE".equals(method)) {
            transaction.respond(SipCodec.respond(request, 100, "Trying")); // RFC 3261 §16.2: stop the caller's retransmissions.
        }
        Optional<RequestValidation.Refusal> refusal = RequestValidation.check(request, us.hosts());
        if (refusal.isPresent()) {
            transaction.respond(refusal.get().responseTo(request));
            return;
        }
        List<UriParts> popped = popOwnRoutes(request);
        boolean moreRoutes = Forwarding.topRoute(request).isPresent();
        if ("CANCEL".equals(method)) {
            cancel(transaction);
            return;
        }
        if (!Forwarding.decrementMaxForwards(request)) {
            if ("OPTIONS".equals(method) && us.isOurDomain(Forwarding.requestUriParts(request))) {
                reply(transaction, 200, "OK"); // A Max-Forwards: 0 OPTIONS is a question for us (RFC 3261 §11).
            } else {
                reply(transaction, 483, "Too Many Hops");
            }
            return;
        }
        if ("REGISTER".equals(method) && !moreRoutes) {
            register(transaction);
            return;
        }
        if (Forwarding.hasToTag(request) || moreRoutes) {
            if (popped.isEmpty()) {
                reply(transaction, 403, "Forbidden: not on this dialog's route");
                return;
            }
            forwardAlongRoute(transaction, request, popped);
            return;
        }
        UriParts target = Forwarding.requestUriParts(request);
        if ("OPTIONS".equals(method) && target.user().isEmpty()) {
            reply(transaction, 200, "OK");
            return;
        }
        routeNewRequest(transaction, target);
    }

    /** An ACK for a 2xx (or any ACK no transaction knows): forwarded along the route, statelessly. */
    void onStrayAck(SIPRequest ack, Flow source) {
        List<UriParts> popped = popOwnRoutes(ack);
        if (popped.isEmpty() || !Forwarding.decrementMaxForwards(ack)) {
            return;
        }
        nextHopAlongRoute(ack, popped).onSuccess(flow -> {
            Forwarding.pushVia(ack, viaTransport(flow), us.advertisedHost(), us.port(flow.transport()), Forwarding.newBranch());
            flow.send(SipCodec.encode(ack));
        }).onFailure(error -> LOG.debugf("Dropped an ACK: %s", error.getMessage()));
    }

    private void register(ServerTransaction transaction) {
        SIPRequest request = transaction.request();
        Flow flow = transaction.flow();
        vertx.executeBlocking(() -> registrar.register(request, flow.remote(), flow.transport()), false)
                .onSuccess(outcome -> {
                    if (outcome.failedAuthentication()) {
                        authBans.failed(flow.remote().getAddress().getHostAddress());
                    }
                    transaction.respond(outcome.response());
                })
                .onFailure(error -> {
                    LOG.errorf("REGISTER from %s failed: %s", flow.remote(), error.getMessage());
                    reply(transaction, 500, "Server Internal Error");
                });
    }

    private void cancel(ServerTransaction cancel) {
        ServerTransaction invite = transactions.inviteCancelledBy(cancel.request());
        if (invite == null) {
            reply(cancel, 481, "Call/Transaction Does Not Exist");
            return;
        }
        reply(cancel, 200, "OK");
        ResponseContext context = contexts.get(invite);
        if (context != null) {
            context.cancelByCaller();
        } else if (!invite.answered()) {
            // Still being authenticated or routed: nothing forwarded yet, so end it here.
            reply(invite, 487, "Request Terminated");
        }
    }

    /** What the routing of a new request decided, computed off the event loop. */
    private sealed interface Verdict {
        record Refuse(int status, String reason) implements Verdict {
        }

        record Challenge(boolean stale, boolean failed) implements Verdict {
        }

        record Route(Destination destination, Optional<CommunityRoute> fromCommunity) implements Verdict {
        }
    }

    private void routeNewRequest(ServerTransaction transaction, UriParts target) {
        SIPRequest request = transaction.request();
        String source = transaction.flow().remote().getAddress().getHostAddress();
        vertx.executeBlocking(() -> decide(request, source, target), false)
                .onSuccess(verdict -> act(transaction, verdict))
                .onFailure(error -> {
                    LOG.errorf("Routing %s %s failed: %s", request.getMethod(), target.user(), error.getMessage());
                    reply(transaction, 500, "Server Internal Error");
                });
    }

    private Verdict decide(SIPRequest request, String source, UriParts target) {
        Optional<CommunityRoute> community = communityRoutes.trustedSource(source);
        if (community.isEmpty()) {
            DigestAuthenticator.Result result = authenticator.check(request, "Proxy-Authorization");
            if (result instanceof DigestAuthenticator.Challenge challenge) {
                return new Verdict.Challenge(challenge.stale(), challenge.failed());
            }
            String user = ((DigestAuthenticator.Authenticated) result).username();
            if (!user.equals(Forwarding.fromUser(request))) {
                return new Verdict.Refuse(403, "Forbidden: the From number is not the authenticated one");
            }
        }
        Destination destination = router.route(target.user());
        if (community.isPresent() && !(destination instanceof Destination.LocalBindings || destination instanceof Destination.LocalOffline)) {
            return new Verdict.Refuse(403, "Forbidden: community servers may only call local numbers");
        }
        return new Verdict.Route(destination, community);
    }

    private void act(ServerTransaction transaction, Verdict verdict) {
        if (transaction.answered()) {
            return; // Cancelled while we were deciding.
        }
        switch (verdict) {
            case Verdict.Refuse refuse -> reply(transaction, refuse.status(), refuse.reason());
            case Verdict.Challenge challenge -> {
                if (challenge.failed()) {
                    authBans.failed(transaction.flow().remote().getAddress().getHostAddress());
                }
                SIPResponse response = SipCodec.respond(transaction.request(), 407, "Proxy Authentication Required");
                authenticator.challenge(response, "Proxy-Authenticate", challenge.stale());
                transaction.respond(response);
            }
            case Verdict.Route route -> forward(transaction, route.destination());
        }
    }

    private void forward(ServerTransaction transaction, Destination destination) {
        switch (destination) {
            case Destination.Unknown unknown -> reply(transaction, 404, "Not Found");
            case Destination.LocalOffline offline -> reply(transaction, 480, "Temporarily Unavailable");
            case Destination.LocalBindings local -> {
                List<Target> targets = new ArrayList<>();
                for (Binding binding : local.bindings()) {
                    flows.forBinding(binding).ifPresent(flow -> targets.add(new Target(binding.contact(), flow)));
                }
                if (targets.isEmpty()) {
                    reply(transaction, 480, "Temporarily Unavailable");
                    return;
                }
                fork(transaction, targets);
            }
            case Destination.Community community -> {
                Optional<UriParts> server = UriParts.parse(community.route().uri());
                if (server.isEmpty()) {
                    LOG.errorf("Community route %s has an invalid URI %s", community.route().prefix(), community.route().uri());
                    reply(transaction, 500, "Server Internal Error (bad community route)");
                    return;
                }
                UriParts parts = server.get();
                UriParts withTransport = new UriParts(parts.user(), parts.host(), parts.port(), community.route().transport(), false, null);
                String uri = "sip:" + community.number() + "@" + parts.host() + (parts.port() > 0 ? ":" + parts.port() : "")
                        + ("UDP".equals(community.route().transport()) ? "" : ";transport=" + community.route().transport().toLowerCase());
                flows.forUri(withTransport)
                        .onSuccess(flow -> fork(transaction, List.of(new Target(uri, flow))))
                        .onFailure(error -> {
                            LOG.warnf("Community server %s for %s unreachable: %s", community.route().uri(), community.number(), error.getMessage());
                            reply(transaction, 503, "Service Unavailable (community server unreachable)");
                        });
            }
        }
    }

    private record Target(String requestUri, Flow flow) {
    }

    private void fork(ServerTransaction transaction, List<Target> targets) {
        if (transaction.answered()) {
            return;
        }
        SIPRequest request = transaction.request();
        boolean invite = "INVITE".equals(request.getMethod());
        ResponseContext context = new ResponseContext(transaction, transactions, this::ended);
        contexts.put(transaction, context);
        for (Target target : targets) {
            SIPRequest branch = Forwarding.copy(request);
            Forwarding.setRequestUri(branch, target.requestUri());
            Forwarding.removeCredentialsFor(branch, config.domain());
            if (invite) {
                // Two Record-Routes: each names the flow toward its side, so in-dialog requests find
                // the browser's WebSocket or the NATed UDP address whichever way they go.
                Forwarding.pushRecordRoute(branch, recordRoute(transaction.flow()));
                Forwarding.pushRecordRoute(branch, recordRoute(target.flow()));
            }
            Forwarding.pushVia(branch, viaTransport(target.flow()), us.advertisedHost(), us.port(target.flow().transport()), Forwarding.newBranch());
            context.add(transactions.send(branch, target.flow(), context));
        }
        if (invite) {
            context.ringTimer(transactionsTimer(config.proxy().ringTimeout().toMillis(), context::ringTimeout));
        }
    }

    private void forwardAlongRoute(ServerTransaction transaction, SIPRequest request, List<UriParts> popped) {
        nextHopAlongRoute(request, popped).onSuccess(flow -> {
            if (transaction.answered()) {
                return;
            }
            SIPRequest copy = Forwarding.copy(request);
            Forwarding.pushVia(copy, viaTransport(flow), us.advertisedHost(), us.port(flow.transport()), Forwarding.newBranch());
            ResponseContext context = new ResponseContext(transaction, transactions, this::ended);
            contexts.put(transaction, context);
            context.add(transactions.send(copy, flow, context));
        }).onFailure(error -> {
            LOG.debugf("Cannot forward %s in dialog %s: %s", request.getMethod(), request.getCallId().getCallId(), error.getMessage());
            reply(transaction, 404, "Not Found (the other side is gone)");
        });
    }

    /**
     * Where a request on a route set goes next: the next Route when there is one; otherwise the
     * Request-URI, over the flow named by the token in the last of our Route entries.
     */
    private Future<Flow> nextHopAlongRoute(SIPRequest request, List<UriParts> popped) {
        Optional<String> next = Forwarding.topRoute(request);
        if (next.isPresent()) {
            return UriParts.parse(next.get()).map(flows::forUri).orElseGet(() -> Future.failedFuture("bad Route " + next.get()));
        }
        Optional<FlowTokens.FlowName> named = tokens.read(popped.get(popped.size() - 1).flowToken());
        if (named.isPresent()) {
            return flows.forAddress(named.get().transport(), named.get().address())
                    .map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture("the connection of the dialog's other side closed"));
        }
        return flows.forUri(Forwarding.requestUriParts(request));
    }

    /** RFC 3261 §16.4: takes off the top Route entries that name us (two when we double record-routed). */
    private List<UriParts> popOwnRoutes(SIPRequest request) {
        List<UriParts> popped = new ArrayList<>();
        while (popped.size() < 2) {
            Optional<UriParts> top = Forwarding.topRoute(request).flatMap(UriParts::parse);
            if (top.isEmpty() || !us.isUs(top.get())) {
                break;
            }
            popped.add(top.get());
            Forwarding.popRoute(request);
        }
        return popped;
    }

    private String recordRoute(Flow flow) {
        String transport = viaTransport(flow);
        return "sip:" + us.advertisedHost() + ":" + us.port(flow.transport()) + ";transport=" + transport.toLowerCase()
                + ";lr;" + UriParts.FLOW_PARAMETER + "=" + tokens.token(flow.transport(), flow.remote());
    }

    private static String viaTransport(Flow flow) {
        return flow.transport();
    }

    private one.webph.sip.transaction.Timers.Timer transactionsTimer(long millis, Runnable task) {
        long id = vertx.setTimer(millis, t -> task.run());
        return () -> vertx.cancelTimer(id);
    }

    private void ended(ResponseContext context) {
        contexts.remove(context.server(), context);
    }

    private static void reply(ServerTransaction transaction, int status, String reason) {
        transaction.respond(SipCodec.respond(transaction.request(), status, reason));
    }
}
