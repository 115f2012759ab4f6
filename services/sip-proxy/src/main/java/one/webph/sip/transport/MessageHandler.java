package one.webph.sip.transport;

/** The layer above the transports: every complete SIP message with its flow, and flows that end. */
public interface MessageHandler {

    void onMessage(byte[] message, Flow flow);

    /** A connection closed: what was bound to it (registrations over it) dies with it. */
    void onFlowClosed(Flow flow);
}
