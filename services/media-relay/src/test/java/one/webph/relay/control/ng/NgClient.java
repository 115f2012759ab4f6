package one.webph.relay.control.ng;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import one.webph.ng.NgMessage;

/** A minimal ng controller for the tests, speaking to the relay over real UDP on loopback. */
final class NgClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress relay;

    NgClient(int port) throws Exception {
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        this.socket.setSoTimeout(5000);
        this.relay = new InetSocketAddress("127.0.0.1", port);
    }

    Map<String, Object> send(Map<String, Object> command) throws Exception {
        return sendRaw(UUID.randomUUID().toString(), NgMessage.encode("x", command), true);
    }

    Map<String, Object> sendWithCookie(String cookie, Map<String, Object> command) throws Exception {
        byte[] encoded = NgMessage.encode(cookie, command);
        return sendRaw(cookie, encoded, false);
    }

    /** Sends raw bytes (the cookie already in them unless replaced) and decodes the reply. */
    Map<String, Object> sendRaw(String cookie, byte[] datagram, boolean replaceCookie) throws Exception {
        byte[] bytes = datagram;
        if (replaceCookie) {
            String text = new String(datagram, StandardCharsets.ISO_8859_1);
            bytes = (cookie + text.substring(text.indexOf(' '))).getBytes(StandardCharsets.ISO_8859_1);
        }
        socket.send(new DatagramPacket(bytes, bytes.length, relay));
        byte[] buffer = new byte[65536];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        socket.receive(reply);
        return NgMessage.parse(reply.getData(), 0, reply.getLength()).dictionary();
    }

    static int mediaPort(Map<String, Object> reply) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher((String) reply.get("sdp"));
        if (!m.find()) {
            throw new AssertionError("no m=audio in " + reply);
        }
        return Integer.parseInt(m.group(1));
    }

    static String sdp(int port) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    /** Ends a call from a fresh client: for a test's finally block, whatever state the test's own client is in. */
    static void delete(int port, String callId) throws Exception {
        try (NgClient cleanup = new NgClient(port)) {
            cleanup.send(Map.of("command", "delete", "call-id", callId));
        }
    }

    static InetAddress loopback() throws Exception {
        return InetAddress.getByName("127.0.0.1");
    }

    @Override
    public void close() {
        socket.close();
    }
}
