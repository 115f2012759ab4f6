package one.webph.sip.proxy;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.vertx.core.Future;

import org.jboss.logging.Logger;

import one.webph.sip.message.Forwarding;
import one.webph.sip.message.SipCodec;
import one.webph.sip.transaction.ClientTransaction;
import one.webph.sip.transaction.ServerTransaction;
import one.webph.sip.transaction.TransactionLayer;
import one.webph.sip.transaction.Timers;

/**
 * One forwarded request and its branches (RFC 3261 §16.7): passes provisional responses and
 * every 2xx up at once, cancels the other branches on a 2xx or 6xx, and when all branches have
 * ended sends the best final response. The caller's CANCEL and the ring timeout end it early.
 * Core thread only.
 */
final class ResponseContext implements ClientTransaction.Listener {

    private static final Logger LOG = Logger.getLogger(ResponseContext.class);

    private static final class Branch {
        final ClientTransaction transaction;
        /** What we added to CSeq toward this branch; taken off its responses. */
        final int cseqShift;
        final ChallengeAnswer challengeAnswer;
        final String label;
        /** A branch's final non-2xx response, kept to choose the best one; null before it, for a 2xx and once the choice is made. */
        SIPResponse finalResponse;
        /** Whether a final response came (a 2xx's is not kept: it went up at once and is never chosen again). */
        boolean ended;
        boolean provisional;
        boolean cancelWhenProvisional;

        Branch(ClientTransaction transaction, int cseqShift, ChallengeAnswer challengeAnswer, String label) {
            this.transaction = transaction;
            this.cseqShift = cseqShift;
            this.challengeAnswer = challengeAnswer;
            this.label = label;
        }
    }

    /** Rewrites a response before it goes up (the media relay's answer); may take time. */
    interface ResponseFilter {
        /** @param label the branch's name at the relay (the Via branch its offer was made with) */
        Future<SIPResponse> apply(SIPResponse response, String label);
    }

    /** A branch's second chance: the request again with credentials for a challenge, when we have them. */
    interface ChallengeAnswer {
        java.util.Optional<SIPRequest> retry(SIPRequest sent, SIPResponse challenge);
    }

    private final ServerTransaction server;
    private final TransactionLayer transactions;
    private final List<Branch> branches = new ArrayList<>();
    private final List<SIPResponse> unsentBranches = new ArrayList<>();
    private final Consumer<ResponseContext> onEnd;
    private final ResponseFilter filter;
    /** Why the call ended, for the pushes that follow (cancelled, missed). */
    enum Ending { ANSWERED, CANCELLED, NO_ANSWER, DECLINED, FAILED }

    /** Created at the first target and dropped at the end: an answered call's context lives 32 s more (RFC 6026). */
    private java.util.Set<String> targets;
    private int reserved;
    private boolean holding;
    private boolean pushed;
    private Ending ending;
    private boolean finalSent;
    private int finalStatus;
    private boolean cancelled;
    private Timers.Timer ringTimer;
    private final boolean invite;

    ResponseContext(ServerTransaction server, TransactionLayer transactions, Consumer<ResponseContext> onEnd, ResponseFilter filter) {
        this.server = server;
        this.invite = "INVITE".equals(server.request().getMethod());
        this.transactions = transactions;
        this.onEnd = onEnd;
        this.filter = filter;
    }

    /** A branch is being prepared (its offer is at the relay): the context is not done before it is sent or dropped. */
    void reserve() {
        reserved++;
    }

    /** A reserved branch could not be sent; {@code response} is what it counts as. */
    void notSent(SIPResponse response) {
        reserved--;
        unsentBranches.add(response);
        finishIfDone();
    }

    /**
     * Keeps the call waiting for a woken device: branches that fail for lack of a reachable
     * device (408, 480, 503) do not end it; an answer, a refusal, the caller or the timer do.
     */
    void hold() {
        holding = true;
    }

    boolean holding() {
        return holding;
    }

    /** The push for this call went out (so its end is pushed too). */
    void pushed() {
        pushed = true;
    }

    boolean wasPushed() {
        return pushed;
    }

    Ending ending() {
        return ending;
    }

    /** Records a contact this call was sent to; false when it already was. */
    boolean target(String contact) {
        if (targets == null) {
            targets = new java.util.HashSet<>();
        }
        return targets.add(contact);
    }

    /** Whether anything is still trying to reach the callee. */
    boolean hasLiveBranches() {
        return reserved > 0 || branches.stream().anyMatch(branch -> !branch.ended);
    }

    /** The callee declined from a notification: 603 to the caller, the other branches cancelled. */
    void declineByCallee() {
        if (finalSent) {
            return;
        }
        ending = Ending.DECLINED;
        cancelPending();
        sendFinal(SipCodec.respond(server.request(), 603, "Decline"));
    }

    /** Stops waiting for a device (none can be woken): finishes now if nothing else is trying. */
    void stopHolding() {
        holding = false;
        finishIfDone();
    }

    /** Whether a final response went up (then new branches are pointless). */
    boolean finished() {
        return finalSent;
    }

    /** The final status sent to the caller, 0 before one. */
    int finalStatus() {
        return finalStatus;
    }

    ServerTransaction server() {
        return server;
    }

    boolean isInvite() {
        return invite;
    }

    /** A reserved branch was sent; {@code cseqShift} is what we added to its CSeq. */
    void sent(ClientTransaction transaction, int cseqShift, ChallengeAnswer challengeAnswer) {
        reserved--;
        branches.add(new Branch(transaction, cseqShift, challengeAnswer, transaction.request().getTopmostVia().getBranch()));
    }

    void ringTimer(Timers.Timer timer) {
        this.ringTimer = timer;
    }

    boolean hasBranches() {
        return !branches.isEmpty();
    }

    @Override
    public void onResponse(ClientTransaction transaction, SIPResponse response) {
        Branch branch = branchOf(transaction);
        if (branch == null) {
            return;
        }
        if (Forwarding.popVia(response).isEmpty()) {
            return; // It carried only our Via: nothing upstream to tell.
        }
        Forwarding.shiftCSeq(response, -branch.cseqShift);
        int status = response.getStatusCode();
        if ((status == 401 || status == 407) && branch.challengeAnswer != null && !finalSent) {
            java.util.Optional<SIPRequest> retry = branch.challengeAnswer.retry(transaction.request(), response);
            if (retry.isPresent()) {
                // The challenged branch is replaced by its authenticated twin (its ACK went already).
                branches.remove(branch);
                Branch twin = new Branch(transactions.send(retry.get(), transaction.flow(), this), branch.cseqShift + 1, null, branch.label);
                branches.add(twin);
                return;
            }
        }
        if (filter != null && status > 100 && status < 300 && Forwarding.sdp(response).isPresent()) {
            filter.apply(response, branch.label)
                    .onSuccess(filtered -> handle(branch, filtered))
                    .onFailure(error -> {
                        LOG.warnf("Call %s: %s; the answer goes on without the relay", Forwarding.callId(response), error.getMessage());
                        handle(branch, response);
                    });
            return;
        }
        handle(branch, response);
    }

    private void handle(Branch branch, SIPResponse response) {
        int status = response.getStatusCode();
        if (status < 200) {
            branch.provisional = true;
            if (branch.cancelWhenProvisional) {
                sendCancel(branch);
            }
            if (status > 100 && !finalSent) {
                server.respond(response);
            }
            return;
        }
        branch.ended = true;
        if (status < 300) {
            // RFC 3261 §16.7 step 5: every 2xx goes up, even after another branch answered.
            boolean first = !finalSent;
            finalSent = true;
            finalStatus = first ? status : finalStatus;
            ending = first ? Ending.ANSWERED : ending;
            server.respond(response);
            if (first) {
                cancelPending();
                end();
            }
            return;
        }
        branch.finalResponse = response;
        if (status >= 600) {
            cancelPending();
        }
        finishIfDone();
    }

    @Override
    public void onTimeout(ClientTransaction transaction) {
        Branch branch = branchOf(transaction);
        if (branch != null && !branch.ended) {
            branch.ended = true;
            branch.finalResponse = SipCodec.respond(server.request(), 408, "Request Timeout");
            finishIfDone();
        }
    }

    /** The caller's CANCEL (RFC 3261 §16.10): cancel every branch and tell the caller 487. */
    void cancelByCaller() {
        if (finalSent) {
            return;
        }
        cancelled = true;
        ending = Ending.CANCELLED;
        cancelPending();
        sendFinal(SipCodec.respond(server.request(), 487, "Request Terminated"));
    }

    /** Nobody answered in time: cancel the branches, the caller gets 480. */
    void ringTimeout() {
        if (finalSent) {
            return;
        }
        LOG.debugf("No answer in time for %s", server.request().getCallId().getCallId());
        ending = Ending.NO_ANSWER;
        cancelPending();
        sendFinal(SipCodec.respond(server.request(), 480, "Temporarily Unavailable (no answer)"));
    }

    private void finishIfDone() {
        if (finalSent) {
            return;
        }
        if (reserved > 0) {
            return;
        }
        for (Branch branch : branches) {
            if (!branch.ended) {
                return;
            }
        }
        SIPResponse best = best();
        int status = best.getStatusCode();
        if (holding && (status == 408 || status == 480 || status == 500 || status == 503 || branches.isEmpty() && unsentBranches.isEmpty())) {
            return; // A woken device may still register and take the call.
        }
        if (ending == null) {
            ending = Ending.FAILED;
        }
        sendFinal(best);
    }

    private void sendFinal(SIPResponse response) {
        finalSent = true;
        finalStatus = response.getStatusCode();
        server.respond(response);
        end();
    }

    private void end() {
        if (ringTimer != null) {
            ringTimer.cancel();
            ringTimer = null;
        }
        // The final response is sent: what chose it need not live as long as the context.
        targets = null;
        unsentBranches.clear();
        branches.forEach(branch -> branch.finalResponse = null);
        onEnd.accept(this);
    }

    /** RFC 3261 §16.7 step 6: a 6xx first, otherwise the lowest class; 503 becomes 500. */
    private SIPResponse best() {
        if (cancelled) {
            return SipCodec.respond(server.request(), 487, "Request Terminated");
        }
        SIPResponse best = null;
        List<SIPResponse> finals = new ArrayList<>(unsentBranches);
        branches.stream().filter(branch -> branch.finalResponse != null).forEach(branch -> finals.add(branch.finalResponse));
        for (SIPResponse candidate : finals) {
            if (best == null || rank(candidate.getStatusCode()) < rank(best.getStatusCode())) {
                best = candidate;
            }
        }
        if (best == null) {
            return SipCodec.respond(server.request(), 480, "Temporarily Unavailable");
        }
        if (best.getStatusCode() == 503) {
            return SipCodec.respond(server.request(), 500, "Server Internal Error (the next hop is unavailable)");
        }
        return best;
    }

    private static int rank(int status) {
        if (status >= 600) {
            return status - 600;
        }
        // Classes 3, 4, 5 in that order; 408 (a branch that never answered) after real answers of its class.
        int rank = 1000 + status;
        return status == 408 ? rank + 50 : rank;
    }

    private void cancelPending() {
        if (!isInvite()) {
            return;
        }
        for (Branch branch : branches) {
            if (branch.ended) {
                continue;
            }
            if (branch.provisional) {
                sendCancel(branch);
            } else {
                // RFC 3261 §9.1: no CANCEL before a provisional response; send it when one comes.
                branch.cancelWhenProvisional = true;
            }
        }
    }

    private void sendCancel(Branch branch) {
        branch.cancelWhenProvisional = false;
        if (branch.transaction.request() == null) {
            return; // It answered 2xx (its answer may still be at the relay): nothing to cancel.
        }
        SIPRequest cancel = SipCodec.cancelFor(branch.transaction.request());
        transactions.send(cancel, branch.transaction.flow(), IGNORE);
    }

    private Branch branchOf(ClientTransaction transaction) {
        for (Branch branch : branches) {
            if (branch.transaction == transaction) {
                return branch;
            }
        }
        return null;
    }

    /** Responses to our CANCELs end nothing of interest. */
    private static final ClientTransaction.Listener IGNORE = new ClientTransaction.Listener() {
        @Override
        public void onResponse(ClientTransaction transaction, SIPResponse response) {
        }

        @Override
        public void onTimeout(ClientTransaction transaction) {
        }
    };
}
