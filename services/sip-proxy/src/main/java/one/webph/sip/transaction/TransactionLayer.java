package one.webph.sip.transaction;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import one.webph.sip.transport.Flow;

/**
 * Matches messages to transactions (RFC 3261 §17.1.3 and §17.2.3): requests by the top Via's
 * branch and sent-by and the method (an ACK belongs to its INVITE), responses by the branch and
 * the CSeq method. Whatever matches is handled here; what does not is the proxy's to handle.
 * Core thread only.
 */
public final class TransactionLayer {

    private static final Logger LOG = Logger.getLogger(TransactionLayer.class);

    private final Timers timers;
    private final long completedBudget;
    private long lastBudgetWarning = Long.MIN_VALUE / 2;
    private final Map<String, ServerTransaction> servers = new HashMap<>();
    private final Map<String, ClientTransaction> clients = new HashMap<>();
    private final CompletedAnswers completed;
    // Every completed transaction waits the same Timer J, so they expire in the order they came:
    // one timer for the oldest, instead of a timer each.
    private Timers.Timer completedSweep;

    public TransactionLayer(Timers timers) {
        this(timers, Long.MAX_VALUE);
    }

    /**
     * @param completedBudget bytes the responses of completed non-INVITE transactions may take;
     *     beyond it the oldest are let go before Timer J (their retransmissions are then handled
     *     as new requests), so a flood cannot exhaust the heap
     */
    public TransactionLayer(Timers timers, long completedBudget) {
        this.timers = timers;
        this.completedBudget = completedBudget;
        this.completed = new CompletedAnswers(completedBudget);
    }

    Timers timers() {
        return timers;
    }

    /** What became of an incoming request. */
    public sealed interface Incoming permits New, Absorbed, StrayAck {
    }

    /** A new request, with its server transaction: the proxy must answer it. */
    public record New(ServerTransaction transaction) implements Incoming {
    }

    /** A retransmission, or the ACK of a non-2xx final response: handled here. */
    public record Absorbed() implements Incoming {
    }

    /** An ACK that belongs to no transaction (the ACK of a 2xx, RFC 3261 §17.1.1.3): the proxy forwards it. */
    public record StrayAck() implements Incoming {
    }

    public Incoming receive(SIPRequest request, Flow flow) {
        String method = request.getMethod();
        if ("ACK".equals(method)) {
            ServerTransaction invite = servers.get(serverKey(request, "INVITE"));
            if (invite != null && invite.state() != ServerTransaction.State.ACCEPTED) {
                invite.acknowledged();
                return new Absorbed();
            }
            return new StrayAck();
        }
        String key = serverKey(request, method);
        ServerTransaction existing = servers.get(key);
        if (existing != null) {
            existing.retransmission();
            return new Absorbed();
        }
        byte[] answer = completed.get(key);
        if (answer != null) {
            // To where this copy came from, the same peer as the first (RFC 3261 §18.2.2).
            flow.send(answer);
            return new Absorbed();
        }
        ServerTransaction created = new ServerTransaction(this, key, request, flow);
        servers.put(key, created);
        return new New(created);
    }

    /** The INVITE server transaction a CANCEL is meant for (RFC 3261 §9.2), or null. */
    public ServerTransaction inviteCancelledBy(SIPRequest cancel) {
        return servers.get(serverKey(cancel, "INVITE"));
    }

    /** Starts a client transaction; the request's top Via must carry a branch of ours. */
    public ClientTransaction send(SIPRequest request, Flow flow, ClientTransaction.Listener listener) {
        String key = clientKey(request.getTopmostVia().getBranch(), request.getMethod());
        ClientTransaction transaction = new ClientTransaction(this, key, request, flow, listener);
        clients.put(key, transaction);
        transaction.start();
        return transaction;
    }

    /** Hands a response to its client transaction; false when none is waiting for it. */
    public boolean receive(SIPResponse response) {
        Via via = response.getTopmostVia();
        if (via == null || via.getBranch() == null) {
            return false;
        }
        ClientTransaction transaction = clients.get(clientKey(via.getBranch(), response.getCSeq().getMethod()));
        if (transaction == null) {
            return false;
        }
        transaction.receive(response);
        return true;
    }

    /** Server transactions still waiting for (or absorbing retransmissions of) their final response. */
    public int serverCount() {
        return servers.size();
    }

    /** Non-INVITE server transactions kept as their final response until Timer J. */
    public int completedCount() {
        return completed.size();
    }

    public int clientCount() {
        return clients.size();
    }

    void forget(ServerTransaction transaction, String key) {
        servers.remove(key, transaction);
    }

    /** Keeps a completed non-INVITE transaction as its response alone until Timer J. */
    void completedNonInvite(ServerTransaction transaction, String key, byte[] response) {
        servers.remove(key, transaction);
        int letGo = completed.put(key, response, timers.now() + TimerValues.SIXTY_FOUR_T1);
        if (letGo > 0) {
            warnBudget(letGo);
        }
        if (completedSweep == null) {
            completedSweep = timers.schedule(TimerValues.SIXTY_FOUR_T1, this::endCompleted);
        }
    }

    private void warnBudget(int letGo) {
        long now = timers.now();
        if (now - lastBudgetWarning > 60_000) {
            lastBudgetWarning = now;
            LOG.warnf("Heavy load: the answers kept for retransmitted requests exceed %d MB, so %d were let go before the"
                    + " 32 s of Timer J (a retransmission of those is handled as a new request; SIP_COMPLETED_TRANSACTIONS_MB"
                    + " sets the budget)", completedBudget >> 20, letGo);
        }
    }

    private void endCompleted() {
        long now = timers.now();
        completed.expire(now);
        long next = completed.nextExpiry();
        completedSweep = next < 0 ? null : timers.schedule(Math.max(1, next - now), this::endCompleted);
    }

    void forget(ClientTransaction transaction, String key) {
        clients.remove(key, transaction);
    }

    private static String serverKey(SIPRequest request, String method) {
        Via via = request.getTopmostVia();
        String branch = via.getBranch();
        if (branch == null || !branch.startsWith("z9hG4bK")) {
            // RFC 2543 peers: no usable branch, so the dialog identifiers and CSeq stand in for it.
            branch = request.getCallId().getCallId() + "/" + request.getFrom().getTag() + "/" + request.getCSeq().getSeqNumber();
        }
        return branch.toLowerCase() + "|" + via.getSentBy().encode().toLowerCase() + "|" + method;
    }

    private static String clientKey(String branch, String method) {
        return branch.toLowerCase() + "|" + ("ACK".equals(method) ? "INVITE" : method);
    }
}
