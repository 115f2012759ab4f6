package one.webph.sip.transport;

import java.net.InetSocketAddress;

/** The layer above the transports: receives every complete SIP message with where it came from. */
public interface MessageHandler {

    void onMessage(byte[] message, InetSocketAddress source, UdpTransport transport);
}
