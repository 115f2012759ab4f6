package one.webph.sip.transaction;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import org.jboss.logging.Logger;

import one.webph.sip.message.SipCodec;
import one.webph.sip.transport.Flow;

/**
 * A server transaction (RFC 3261 §17.2, with RFC 6026's Accepted state for INVITE): sends the
 * responses the proxy gives it down the flow the request came on, answers retransmitted
 * requests with the last response, retransmits final INVITE responses over UDP until the ACK
 * (Timer G) and forgets itself when its timers say so. Core thread only.
 */
public final class ServerTransaction {

    private static final Logger LOG = Logger.getLogger(ServerTransaction.class);

    /** RFC 3261 §17.2.1 and §17.2.2 states, plus RFC 6026 Accepted. */
    public enum State { TRYING, PROCEEDING, COMPLETED, CONFIRMED, ACCEPTED, TERMINATED }

    private final TransactionLayer layer;
    private final String key;
    private SIPRequest request;
    /** Once Accepted: the request's skeleton instead of the request. */
    private byte[] accepted;
    private final Flow flow;
    private final boolean invite;
    private State state;
    private byte[] lastResponse;
    private int lastStatus;
    private Timers.Timer retransmit;
    private Timers.Timer end;
    private long interval = TimerValues.T1;

    ServerTransaction(TransactionLayer layer, String key, SIPRequest request, Flow flow) {
        this.layer = layer;
        this.key = key;
        this.request = request;
        this.flow = flow;
        this.invite = "INVITE".equals(request.getMethod());
        this.state = invite ? State.PROCEEDING : State.TRYING;
    }

    /**
     * The request; once a 2xx made an INVITE transaction Accepted, only its Request-Line, Via,
     * From, To, Call-ID and CSeq (enough to identify the call and answer it), parsed anew at
     * each call (only a CANCEL or another branch's 2xx still needs it then).
     */
    public SIPRequest request() {
        return request != null ? request : SipCodec.skeletonOf(accepted);
    }

    public Flow flow() {
        return flow;
    }

    public State state() {
        return state;
    }

    /** The status of the last response sent, 0 before any. */
    public int lastStatus() {
        return lastStatus;
    }

    /** Whether a final response has been sent. */
    public boolean answered() {
        return lastStatus >= 200;
    }

    /** Sends a response; a second final response is refused, except further 2xx to an INVITE (forking). */
    public void respond(SIPResponse response) {
        int status = response.getStatusCode();
        if (state == State.TERMINATED || state == State.CONFIRMED || (state == State.COMPLETED)
                || (state == State.ACCEPTED && status >= 300)) {
            LOG.debugf("Dropped a %d for %s: the transaction is %s", status, key, state);
            return;
        }
        if (state == State.ACCEPTED && status < 200) {
            return;
        }
        byte[] bytes = SipCodec.encode(response);
        flow.send(bytes);
        lastResponse = bytes;
        lastStatus = status;
        if (status < 200) {
            state = State.PROCEEDING;
            return;
        }
        if (invite && status < 300) {
            if (state != State.ACCEPTED) {
                state = State.ACCEPTED;
                // Accepted lasts 32 s per call and needs none of the INVITE's body or routing
                // fields: keeping them was most of the heap under call load, and even the
                // skeleton's parsed fields were a million small objects at 1100 calls/s.
                accepted = SipCodec.skeleton(request);
                request = null;
                end = layer.timers().schedule(TimerValues.SIXTY_FOUR_T1, this::terminate); // Timer L.
            }
            return;
        }
        state = State.COMPLETED;
        if (invite) {
            if (!flow.reliable()) {
                retransmit = layer.timers().schedule(interval, this::retransmitFinal); // Timer G.
            }
            end = layer.timers().schedule(TimerValues.SIXTY_FOUR_T1, this::ackNeverCame); // Timer H.
        } else if (flow.reliable()) {
            terminate(); // Timer J is 0 on a reliable transport.
        } else {
            // Timer J: only the response is needed to answer retransmissions, so the layer keeps that
            // alone and lets go of this transaction and its parsed request.
            layer.completedNonInvite(this, key, bytes);
        }
    }

    /** The same request again: answered with the last response, never passed up. */
    void retransmission() {
        if (state == State.ACCEPTED) {
            return; // RFC 6026 §7.1: absorbed; the 2xx retransmissions are the UAS's business.
        }
        if (lastResponse != null && state != State.CONFIRMED && state != State.TERMINATED) {
            flow.send(lastResponse);
        }
    }

    /** The ACK of a non-2xx final response (RFC 3261 §17.2.1): stop retransmitting, wait Timer I. */
    void acknowledged() {
        if (state != State.COMPLETED) {
            return;
        }
        state = State.CONFIRMED;
        cancel(retransmit);
        cancel(end);
        end = layer.timers().schedule(flow.reliable() ? 0 : TimerValues.T4, this::terminate); // Timer I.
    }

    private void retransmitFinal() {
        if (state != State.COMPLETED) {
            return;
        }
        flow.send(lastResponse);
        interval = Math.min(interval * 2, TimerValues.T2);
        retransmit = layer.timers().schedule(interval, this::retransmitFinal);
    }

    private void ackNeverCame() {
        LOG.debugf("No ACK for the %d to %s from %s", lastStatus, request.getMethod(), flow);
        terminate();
    }

    void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        cancel(retransmit);
        cancel(end);
        layer.forget(this, key);
    }

    private static void cancel(Timers.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}
