package one.webph.sip.transaction;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import one.webph.sip.message.SipCodec;
import one.webph.sip.transport.Flow;

/**
 * A client transaction (RFC 3261 §17.1, with RFC 6026's Accepted state): sends a request down
 * a flow, retransmits it over UDP (Timers A and E), gives up when Timers B or F fire, builds the
 * ACK of a non-2xx INVITE response itself, and passes each response up once (every 2xx of an
 * INVITE, since a forked INVITE may be answered more than once). Core thread only.
 */
public final class ClientTransaction {

    /** RFC 3261 §17.1.1 and §17.1.2 states, plus RFC 6026 Accepted. */
    public enum State { CALLING, TRYING, PROCEEDING, COMPLETED, ACCEPTED, TERMINATED }

    /** What the proxy hears from a client transaction. */
    public interface Listener {
        void onResponse(ClientTransaction transaction, SIPResponse response);

        /** Timer B or F: no final response in time (the proxy treats it as a 408). */
        void onTimeout(ClientTransaction transaction);
    }

    private final TransactionLayer layer;
    private final String key;
    private SIPRequest request;
    private byte[] bytes;
    private final Flow flow;
    private Listener listener;
    private final boolean invite;
    private State state;
    private Timers.Timer retransmit;
    private Timers.Timer timeout;
    private Timers.Timer end;
    private long interval = TimerValues.T1;
    private byte[] ack;
    private int finalStatus;

    ClientTransaction(TransactionLayer layer, String key, SIPRequest request, Flow flow, Listener listener) {
        this.layer = layer;
        this.key = key;
        this.request = request;
        this.bytes = SipCodec.encode(request);
        this.flow = flow;
        this.listener = listener;
        this.invite = "INVITE".equals(request.getMethod());
        this.state = invite ? State.CALLING : State.TRYING;
    }

    void start() {
        flow.send(bytes);
        if (!flow.reliable()) {
            retransmit = layer.timers().schedule(interval, this::retransmitRequest); // Timer A or E.
        }
        timeout = layer.timers().schedule(TimerValues.SIXTY_FOUR_T1, this::timedOut); // Timer B or F.
    }

    /** The request sent; null once a final response has been received (nothing needs it any more). */
    public SIPRequest request() {
        return request;
    }

    public Flow flow() {
        return flow;
    }

    public State state() {
        return state;
    }

    /** The final status received, 0 while none. */
    public int finalStatus() {
        return finalStatus;
    }

    void receive(SIPResponse response) {
        int status = response.getStatusCode();
        switch (state) {
            case CALLING, TRYING, PROCEEDING -> {
                if (status < 200) {
                    if (state != State.PROCEEDING) {
                        state = State.PROCEEDING;
                        if (invite) {
                            cancel(retransmit); // Timer A stops; a non-INVITE keeps E, at T2.
                            cancel(timeout); // Timer B belongs to Calling only; the proxy's ring timer takes over.
                        }
                    }
                    listener.onResponse(this, response);
                    return;
                }
                finalStatus = status;
                cancel(retransmit);
                cancel(timeout);
                if (invite && status < 300) {
                    state = State.ACCEPTED;
                    end = layer.timers().schedule(TimerValues.SIXTY_FOUR_T1, this::terminate); // Timer M.
                    listener.onResponse(this, response);
                    // Accepted only passes further 2xx up for Timer M: the request (parsed and encoded,
                    // several kilobytes a call) is not needed again, so it is not kept that long.
                    request = null;
                    bytes = null;
                    return;
                } else if (invite) {
                    state = State.COMPLETED;
                    ack = SipCodec.encode(SipCodec.ackFor(request, response));
                    flow.send(ack);
                    end = layer.timers().schedule(flow.reliable() ? 0 : TimerValues.D, this::terminate); // Timer D.
                } else {
                    state = State.COMPLETED;
                    end = layer.timers().schedule(flow.reliable() ? 0 : TimerValues.T4, this::terminate); // Timer K.
                }
                listener.onResponse(this, response);
                // Completed only absorbs retransmitted final responses (and repeats the ACK): neither
                // the request nor the proxy's context for it, with its own request, is needed again.
                request = null;
                bytes = null;
                listener = null;
            }
            case ACCEPTED -> {
                if (status >= 200 && status < 300) {
                    listener.onResponse(this, response); // RFC 6026 §7.2: every 2xx goes up.
                }
            }
            case COMPLETED -> {
                if (invite && ack != null && status >= 300) {
                    flow.send(ack); // The final response was retransmitted: our ACK was lost.
                }
            }
            case TERMINATED -> {
            }
        }
    }

    private void retransmitRequest() {
        if (state != State.CALLING && state != State.TRYING && state != State.PROCEEDING) {
            return;
        }
        flow.send(bytes);
        interval = invite ? interval * 2 : (state == State.PROCEEDING ? TimerValues.T2 : Math.min(interval * 2, TimerValues.T2));
        retransmit = layer.timers().schedule(interval, this::retransmitRequest);
    }

    private void timedOut() {
        if (state == State.CALLING || state == State.TRYING || state == State.PROCEEDING) {
            terminate();
            listener.onTimeout(this);
        }
    }

    /** Ends the transaction at once (the proxy gave up on this branch). */
    public void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        cancel(retransmit);
        cancel(timeout);
        cancel(end);
        layer.forget(this, key);
    }

    private static void cancel(Timers.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}
