package one.webph.sip.proxy;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import one.webph.sip.auth.DigestAuthenticator;
import one.webph.sip.config.SipConfig;
import one.webph.sip.location.Binding;
import one.webph.sip.media.MediaAnchor;
import one.webph.sip.push.PushNotifier;
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
    /**
     * Where database lookups run: as many threads as connections they may use, so a burst queues
     * here instead of waking hundreds of threads that then wait for a connection.
     */
    private final WorkerExecutor database;
    private final TransactionLayer transactions;
    private final Flows flows;
    private final OwnAddresses us;
    private final FlowTokens tokens;
    private final DigestAuthenticator authenticator;
    private final Registrar registrar;
    private final NumberRouter router;
    private final CommunityRoutes communityRoutes;
    private final FailedAuthBan authBans;
    private final MediaAnchor media;
    private final PushNotifier push;
    private final one.webph.sip.store.OfflineMessages offline;
    private final Map<ServerTransaction, ResponseContext> contexts = new HashMap<>();
    /** Calls waiting for a number's devices to register (late forking, RFC 8599 §5.3 in spirit). */
    private final Map<String, List<ResponseContext>> waitingForDevices = new HashMap<>();

    /** @param media the relay every call's media goes through; null when media is not anchored */
    Proxy(SipConfig config, Vertx vertx, TransactionLayer transactions, Flows flows, OwnAddresses us, FlowTokens tokens,
          DigestAuthenticator authenticator, Registrar registrar, NumberRouter router, CommunityRoutes communityRoutes,
          FailedAuthBan authBans, MediaAnchor media, PushNotifier push, one.webph.sip.store.OfflineMessages offline) {
        this.offline = offline;
        this.media = media;
        this.push = push;
        this.config = config;
        this.vertx = vertx;
        this.database = vertx.createSharedWorkerExecutor("sip-database", config.databaseThreads());
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
        Forwarding.shiftCSeq(ack, popped.get(popped.size() - 1).cseqShift());
        nextHopAlongRoute(ack, popped).onSuccess(flow -> {
            Forwarding.pushVia(ack, viaTransport(flow), us.advertisedHost(), us.port(flow.transport()), Forwarding.newBranch());
            flow.send(SipCodec.encode(ack));
        }).onFailure(error -> LOG.debugf("Dropped an ACK: %s", error.getMessage()));
    }

    private void register(ServerTransaction transaction) {
        SIPRequest request = transaction.request();
        Flow flow = transaction.flow();
        Context core = vertx.getOrCreateContext();
        // With the credentials in the cache (or none to check) the registrar does not block, and a
        // trip through a worker thread would cost more than the check itself.
        Future<java.util.concurrent.CompletionStage<Registrar.Outcome>> registered;
        if (authenticator.checksWithoutBlocking(request, "Authorization")) {
            try {
                registered = Future.succeededFuture(registrar.register(request, flow.remote(), flow.transport()));
            } catch (RuntimeException e) {
                registered = Future.failedFuture(e);
            }
        } else {
            registered = database.executeBlocking(() -> registrar.register(request, flow.remote(), flow.transport()), false);
        }
        registered.compose(outcome -> Future.fromCompletionStage(outcome, core))
                .onSuccess(outcome -> {
                    if (outcome.failedAuthentication()) {
                        authBans.failed(flow.remote().getAddress().getHostAddress());
                    }
                    transaction.respond(outcome.response());
                    if (outcome.aor() != null) {
                        deviceRegistered(outcome.aor(), outcome.bindings());
                    }
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
        // With credentials and bindings in memory nothing here blocks, and a trip through a worker
        // thread and back would cost more than the decision itself.
        Future<Verdict> verdict;
        if (authenticator.checksWithoutBlocking(request, "Proxy-Authorization") && router.routesWithoutBlocking(target.user())) {
            try {
                verdict = Future.succeededFuture(decide(request, source, target));
            } catch (RuntimeException e) {
                verdict = Future.failedFuture(e);
            }
        } else {
            verdict = database.executeBlocking(() -> decide(request, source, target), false);
        }
        verdict.onSuccess(decided -> act(transaction, decided))
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
            case Destination.LocalOffline offline -> callLocal(transaction, offline.number(), List.of());
            case Destination.LocalBindings local -> {
                List<Target> targets = new ArrayList<>();
                for (Binding binding : local.bindings()) {
                    targetFor(binding).ifPresent(targets::add);
                }
                callLocal(transaction, local.number(), targets);
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
                        .onSuccess(flow -> fork(transaction, List.of(new Target(uri, flow, List.of(), community.route()))))
                        .onFailure(error -> {
                            LOG.warnf("Community server %s for %s unreachable: %s", community.route().uri(), community.number(), error.getMessage());
                            reply(transaction, 503, "Service Unavailable (community server unreachable)");
                        });
            }
        }
    }

    /** Where one branch goes: its Request-URI, the flow to send on, and Route entries (RFC 3327 Path) to put in. */
    private record Target(String requestUri, Flow flow, List<String> routes, CommunityRoute credentials) {
        Target(String requestUri, Flow flow) {
            this(requestUri, flow, List.of(), null);
        }

        Target(String requestUri, Flow flow, List<String> routes) {
            this(requestUri, flow, routes, null);
        }
    }

    /**
     * The branch toward a binding: straight down the flow its REGISTER came on, or, when it came
     * through edge proxies (Path), to the first of them with the Path as the Route set.
     */
    private Optional<Target> targetFor(Binding binding) {
        List<String> path = binding.pathUris();
        if (path.isEmpty()) {
            return flows.forBinding(binding).map(flow -> new Target(binding.contact(), flow));
        }
        Optional<UriParts> edge = UriParts.parse(path.get(0));
        if (edge.isEmpty() || !edge.get().host().matches("[0-9a-fA-F:.\\[\\]]+")) {
            LOG.warnf("Cannot reach %s through Path %s: the first hop must be an address", binding.contact(), binding.path());
            return Optional.empty();
        }
        int port = edge.get().port() > 0 ? edge.get().port() : 5060;
        return flows.forAddress(edge.get().transport(), new java.net.InetSocketAddress(edge.get().host().replaceAll("[\\[\\]]", ""), port))
                .map(flow -> new Target(binding.contact(), flow, path));
    }

    /**
     * A request for a local number: forked to its reachable bindings; an INVITE also wakes the
     * number's devices by push (even when bindings exist: a backgrounded app's socket may be
     * stale) and waits for them to register, ringing the caller meanwhile.
     */
    private void callLocal(ServerTransaction transaction, String number, List<Target> targets) {
        boolean invite = "INVITE".equals(transaction.request().getMethod());
        if ("MESSAGE".equals(transaction.request().getMethod()) && targets.isEmpty()) {
            keepText(transaction, number);
            return;
        }
        if (!invite || push == null) {
            if (targets.isEmpty()) {
                reply(transaction, 480, "Temporarily Unavailable");
            } else {
                fork(transaction, targets);
            }
            return;
        }
        ResponseContext context = fork(transaction, targets);
        context.hold();
        waitingForDevices.computeIfAbsent(number, n -> new ArrayList<>()).add(context);
        if (targets.isEmpty()) {
            context.ringTimer(transactionsTimer(config.push().hold().toMillis(), context::ringTimeout));
        }
        SIPRequest request = transaction.request();
        push.notify(number, "call-incoming", Forwarding.fromUser(request), Forwarding.callId(request), null).onSuccess(outcome -> {
            if (context.finished()) {
                return;
            }
            if (outcome.delivered() == 0) {
                LOG.debugf("Call %s to %s: no device could be woken (%s)", Forwarding.callId(request), number,
                        outcome.reached() ? outcome.devices() + " device(s)" : "webpush unreachable");
                context.stopHolding();
                return;
            }
            context.pushed();
            if (targets.isEmpty() && !transaction.answered()) {
                transaction.respond(SipCodec.respond(request, 180, "Ringing")); // The phone is being woken up.
            }
        });
    }

    /** A text for a sleeping phone: kept, 202 to the sender, a push with the text. */
    private void keepText(ServerTransaction transaction, String number) {
        SIPRequest request = transaction.request();
        String sender = Forwarding.fromUser(request);
        String body = Forwarding.body(request);
        database.executeBlocking(() -> offline.store(number, sender, Forwarding.contentType(request), body), false).onComplete(stored -> {
            if (stored.failed()) {
                LOG.errorf("Could not keep a text for %s: %s", number, stored.cause().getMessage());
                reply(transaction, 500, "Server Internal Error");
            } else if (!stored.result()) {
                reply(transaction, 480, "Temporarily Unavailable (too many texts waiting)");
            } else {
                reply(transaction, 202, "Accepted (kept until the phone comes back)");
                if (push != null) {
                    push.notify(number, "message", sender, Forwarding.callId(request), body.length() > 1000 ? body.substring(0, 1000) : body);
                }
            }
        });
    }

    /** Delivers the texts kept for a number to its bindings; each is forgotten at its first 2xx. */
    private void deliverTexts(String number, List<Binding> bindings) {
        if (!offline.mayHaveTexts(number)) {
            return;
        }
        database.executeBlocking(() -> offline.waitingFor(number), false).onSuccess(texts -> {
            for (one.webph.sip.store.StoredMessage text : texts) {
                boolean[] delivered = {false};
                for (Binding binding : bindings) {
                    targetFor(binding).ifPresent(target -> {
                        Flow flow = target.flow();
                        SIPRequest message = Forwarding.storedText(binding.contact(), text.sender(), number, config.domain(), text.contentType(),
                                text.body(), text.receivedAt());
                        for (int i = target.routes().size() - 1; i >= 0; i--) {
                            Forwarding.pushRoute(message, target.routes().get(i));
                        }
                        Forwarding.pushVia(message, viaTransport(flow), us.advertisedHost(), us.port(flow.transport()), Forwarding.newBranch());
                        transactions.send(message, flow, new one.webph.sip.transaction.ClientTransaction.Listener() {
                            @Override
                            public void onResponse(one.webph.sip.transaction.ClientTransaction tx, SIPResponse response) {
                                if (response.getStatusCode() >= 200 && response.getStatusCode() < 300 && !delivered[0]) {
                                    delivered[0] = true;
                                    database.executeBlocking(() -> {
                                        offline.delivered(text.id());
                                        return null;
                                    }, false);
                                    LOG.debugf("A kept text from %s reached %s", text.sender(), number);
                                }
                            }

                            @Override
                            public void onTimeout(one.webph.sip.transaction.ClientTransaction tx) {
                            }
                        });
                    });
                }
            }
        });
    }

    /** Answers a community server's challenge with the route's stored HA1, when it has credentials. */
    private static ResponseContext.ChallengeAnswer challengeAnswer(CommunityRoute route) {
        if (route == null || route.authUsername().isEmpty()) {
            return null;
        }
        return (sent, challenge) -> one.webph.sip.auth.DigestClient.answer(challenge, sent, route.authUsername(), route.authRealm(),
                        route.authHa1(), route.authHa1Sha256())
                .map(answer -> Forwarding.withCredentials(sent, answer.headerName(), answer.value()));
    }

    /** A device of {@code number} registered: calls waiting for it are sent to its new bindings. */
    private void deviceRegistered(String number, List<Binding> bindings) {
        deliverTexts(number, bindings);
        List<ResponseContext> waiting = waitingForDevices.get(number);
        if (waiting == null) {
            return;
        }
        for (ResponseContext context : List.copyOf(waiting)) {
            if (context.finished()) {
                continue;
            }
            for (Binding binding : bindings) {
                if (!context.target(binding.contact())) {
                    continue;
                }
                targetFor(binding).ifPresent(target -> {
                    LOG.debugf("Call %s reaches %s's device that just registered", Forwarding.callId(context.server().request()), number);
                    sendBranch(context, branchFor(context.server(), target), target.flow());
                });
            }
        }
    }

    /** The callee declined a call from its notification: 603 to the caller. False when no such call rings. */
    boolean decline(String number, String callId) {
        List<ResponseContext> waiting = waitingForDevices.get(number);
        if (waiting == null) {
            return false;
        }
        for (ResponseContext context : List.copyOf(waiting)) {
            if (!context.finished() && callId.equals(Forwarding.callId(context.server().request()))) {
                LOG.infof("%s declined call %s from a notification", number, callId);
                context.declineByCallee();
                return true;
            }
        }
        return false;
    }

    private ResponseContext fork(ServerTransaction transaction, List<Target> targets) {
        ResponseContext context = newContext(transaction);
        for (Target target : targets) {
            context.target(target.requestUri());
            sendBranch(context, branchFor(transaction, target), target.flow(), 0, challengeAnswer(target.credentials()));
        }
        if ("INVITE".equals(transaction.request().getMethod())) {
            context.ringTimer(transactionsTimer(config.proxy().ringTimeout().toMillis(), context::ringTimeout));
        }
        return context;
    }

    /** The request for one branch: new Request-URI, our credentials taken out, our Record-Routes in. */
    private SIPRequest branchFor(ServerTransaction transaction, Target target) {
        SIPRequest branch = Forwarding.copy(transaction.request());
        Forwarding.setRequestUri(branch, target.requestUri());
        Forwarding.removeCredentialsFor(branch, config.domain());
        for (int i = target.routes().size() - 1; i >= 0; i--) {
            Forwarding.pushRoute(branch, target.routes().get(i));
        }
        if ("INVITE".equals(branch.getMethod())) {
            // Two Record-Routes: each names the flow toward its side, so in-dialog requests find
            // the browser's WebSocket or the NATed UDP address whichever way they go.
            Forwarding.pushRecordRoute(branch, recordRoute(transaction.flow()));
            Forwarding.pushRecordRoute(branch, recordRoute(target.flow()));
        }
        return branch;
    }

    private ResponseContext newContext(ServerTransaction transaction) {
        boolean invite = "INVITE".equals(transaction.request().getMethod());
        ResponseContext context = new ResponseContext(transaction, transactions, this::ended,
                invite && media != null ? (response, label) -> answerThroughRelay(transaction, response, label) : null);
        contexts.put(transaction, context);
        return context;
    }

    /** Adds our Via, puts an INVITE's SDP offer through the relay, and sends the branch. */
    private void sendBranch(ResponseContext context, SIPRequest branch, Flow flow) {
        sendBranch(context, branch, flow, 0, null);
    }

    /**
     * @param cseqShift what to add to the request's CSeq (and take off its responses): a dialog
     *                  whose callee saw a CSeq one higher after we answered its server's challenge
     * @param challengeAnswer how to answer a 401/407 on this branch, or null
     */
    private void sendBranch(ResponseContext context, SIPRequest branch, Flow flow, int cseqShift, ResponseContext.ChallengeAnswer challengeAnswer) {
        Forwarding.shiftCSeq(branch, cseqShift);
        Forwarding.pushVia(branch, viaTransport(flow), us.advertisedHost(), us.port(flow.transport()), Forwarding.newBranch());
        context.reserve();
        offerThroughRelay(branch, flow).onComplete(offered -> {
            if (offered.failed()) {
                LOG.warnf("Call %s: %s", Forwarding.callId(branch), offered.cause().getMessage());
                context.notSent(SipCodec.respond(context.server().request(), 503, "Service Unavailable (media relay)"));
            } else if (context.finished()) {
                context.notSent(SipCodec.respond(context.server().request(), 487, "Request Terminated"));
            } else {
                context.sent(transactions.send(branch, flow, context), cseqShift, challengeAnswer);
            }
        });
    }

    private Future<Void> offerThroughRelay(SIPRequest branch, Flow toward) {
        Optional<String> sdp = Forwarding.sdp(branch);
        if (media == null || !"INVITE".equals(branch.getMethod()) || sdp.isEmpty()) {
            return Future.succeededFuture();
        }
        return media.offer(Forwarding.callId(branch), Forwarding.fromTag(branch), Forwarding.topBranch(branch), sdp.get(), isBrowser(toward))
                .map(rewritten -> {
                    Forwarding.setSdp(branch, rewritten);
                    return null;
                });
    }

    private Future<SIPResponse> answerThroughRelay(ServerTransaction transaction, SIPResponse response, String label) {
        SIPRequest request = transaction.request();
        boolean towardBrowser = isBrowser(transaction.flow());
        if (response.getStatusCode() == 183 && towardBrowser && !config.media().earlyMedia()) {
            Forwarding.withoutEarlyMedia(response);
            return Future.succeededFuture(response);
        }
        return media.answer(Forwarding.callId(response), Forwarding.fromTag(request), Forwarding.toTag(response),
                        label, Forwarding.sdp(response).orElseThrow(), towardBrowser)
                .map(rewritten -> {
                    Forwarding.setSdp(response, rewritten);
                    return response;
                });
    }

    private static boolean isBrowser(Flow flow) {
        return "WS".equals(flow.transport());
    }

    private void forwardAlongRoute(ServerTransaction transaction, SIPRequest request, List<UriParts> popped) {
        nextHopAlongRoute(request, popped).onSuccess(flow -> {
            if (transaction.answered()) {
                return;
            }
            SIPRequest copy = Forwarding.copy(request);
            ResponseContext context = newContext(transaction);
            sendBranch(context, copy, flow, popped.get(popped.size() - 1).cseqShift(), null);
            if ("BYE".equals(request.getMethod()) && media != null) {
                media.delete(Forwarding.callId(request), Forwarding.fromTag(request));
            }
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
        if (!context.holding() && (media == null || context.finalStatus() < 300)) {
            // No failed call's relay session to free, no device awaited: the request is not needed
            // (once answered, an INVITE's transaction keeps it encoded and parses it at each call).
            return;
        }
        SIPRequest request = context.server().request();
        boolean initialInvite = "INVITE".equals(request.getMethod()) && !Forwarding.hasToTag(request);
        if (media != null && initialInvite && context.finalStatus() >= 300) {
            media.delete(Forwarding.callId(request), Forwarding.fromTag(request)); // No call: free the ports at once.
        }
        if (context.holding()) {
            String number = Forwarding.requestUriParts(request).user();
            List<ResponseContext> waiting = waitingForDevices.get(Forwarding.requestUriParts(request).user());
            if (waiting != null) {
                waiting.remove(context);
                if (waiting.isEmpty()) {
                    waitingForDevices.remove(number);
                }
            }
            if (context.wasPushed() && push != null && context.ending() != ResponseContext.Ending.ANSWERED) {
                String kind = context.ending() == ResponseContext.Ending.NO_ANSWER ? "call-missed" : "call-cancelled";
                push.notify(number, kind, Forwarding.fromUser(request), Forwarding.callId(request), null);
            }
        }
    }

    private static void reply(ServerTransaction transaction, int status, String reason) {
        transaction.respond(SipCodec.respond(transaction.request(), status, reason));
    }
}
