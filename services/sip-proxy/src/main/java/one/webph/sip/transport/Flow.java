package one.webph.sip.transport;

import java.net.InetSocketAddress;

/**
 * Where a message came from and how to answer it: a UDP peer address on our socket, or one
 * TCP, TLS or WebSocket connection. Responses and in-dialog requests go back over the same flow
 * (RFC 3261 §18.2.2, RFC 5626 §5.3), which is the only way to reach a browser.
 */
public interface Flow {

    /** "UDP", "TCP", "TLS" or "WS" (also for WSS ended by the TLS terminator in front). */
    String transport();

    InetSocketAddress remote();

    /** Whether the transport itself retransmits (RFC 3261 timers differ, §17). */
    boolean reliable();

    /** Whether the flow still exists (a closed connection cannot carry anything any more). */
    boolean open();

    void send(byte[] message);

    /** Names the flow across the suite: transport and remote address, e.g. {@code WS|10.0.0.7:51234}. */
    default String key() {
        return key(transport(), remote());
    }

    static String key(String transport, InetSocketAddress remote) {
        return transport + "|" + remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
