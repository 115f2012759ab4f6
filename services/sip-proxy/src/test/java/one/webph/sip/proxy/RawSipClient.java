package one.webph.sip.proxy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A SIP client that sends hand-written requests over UDP and reads the final answers. */
final class RawSipClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress proxy;

    RawSipClient(String localIp, int proxyPort) throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(localIp, 0));
        socket.setSoTimeout(3000);
        proxy = new InetSocketAddress("127.0.0.1", proxyPort);
    }

    String localAddress() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** A request with fresh Via branch, Call-ID and From tag; extra headers are CRLF-terminated lines. */
    String request(String method, String from, String to, String extraHeaders) {
        return method + " sip:" + to + "@" + SubscriberRows.DOMAIN + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + localAddress() + ";branch=z9hG4bK" + UUID.randomUUID() + ";rport\r\n"
                + "From: <sip:" + from + "@" + SubscriberRows.DOMAIN + ">;tag=" + UUID.randomUUID().toString().substring(0, 8) + "\r\n"
                + "To: <sip:" + to + "@" + SubscriberRows.DOMAIN + ">\r\n"
                + "Call-ID: " + UUID.randomUUID() + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + (extraHeaders.contains("Contact:") ? "" : "Contact: <sip:" + from + "@" + localAddress() + ">\r\n")
                + "Max-Forwards: 70\r\n" + extraHeaders + "Content-Length: 0\r\n\r\n";
    }

    void send(String message) throws Exception {
        send(message.getBytes(StandardCharsets.UTF_8));
    }

    /** One datagram with exactly these bytes. */
    void send(byte[] bytes) throws Exception {
        socket.send(new DatagramPacket(bytes, bytes.length, proxy));
    }

    /** The next request that arrives (any message starting with a method), skipping responses; null after the timeout. */
    String nextRequest(int timeoutMillis) throws Exception {
        socket.setSoTimeout(timeoutMillis);
        try {
            byte[] buffer = new byte[65535];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                if (!text.startsWith("SIP/2.0")) {
                    return text;
                }
            }
        } finally {
            socket.setSoTimeout(3000);
        }
    }

    /** A response to {@code request}: its Via, From, Call-ID, CSeq and Record-Route, To with our tag. */
    static String answer(String request, int status, String reason, String toTag, String body) {
        StringBuilder response = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String line : request.split("\r\n")) {
            String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim().toLowerCase() : "";
            switch (name) {
                case "via", "v", "from", "f", "call-id", "i", "cseq", "record-route" -> response.append(line).append("\r\n");
                case "to", "t" -> response.append(line).append(line.contains(";tag=") || toTag == null ? "" : ";tag=" + toTag).append("\r\n");
                default -> {
                }
            }
        }
        String content = body == null ? "" : body;
        if (!content.isEmpty()) {
            response.append("Content-Type: application/sdp\r\n");
        }
        return response.append("Content-Length: ").append(content.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(content).toString();
    }

    /** Sends a response or request to where a request came from (the proxy). */
    void reply(String message) throws Exception {
        send(message);
    }

    /** The next response that is not 100 Trying; null when none comes within 3 s. */
    String finalResponse() throws Exception {
        while (true) {
            String text = nextResponse();
            if (text == null || !text.startsWith("SIP/2.0 100 ")) {
                return text;
            }
        }
    }

    /** The next message that arrives, whatever it is; null when none comes within 3 s. */
    String nextResponse() throws Exception {
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    static int status(String response) {
        return response == null ? 0 : Integer.parseInt(response.substring(8, 11));
    }

    @Override
    public void close() {
        socket.close();
    }
}
