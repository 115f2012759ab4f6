package one.webph.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;

/** SIP over TCP and TLS: framing by Content-Length, answers on the same connection, RFC 5626 pong. */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SelfSignedTls.class, restrictToAnnotatedClass = true)
class StreamTransportsTest {

    @Inject
    SipServer server;

    static String options(String transport, Socket socket) {
        return "OPTIONS sip:" + SubscriberRows.DOMAIN + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                + "From: <sip:monitor@" + SubscriberRows.DOMAIN + ">;tag=1\r\nTo: <sip:" + SubscriberRows.DOMAIN + ">\r\n"
                + "Call-ID: " + UUID.randomUUID() + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    @Test
    @DisplayName("over TCP two pipelined OPTIONS get two 200s on the same connection, and a CRLFCRLF ping a CRLF pong")
    void tcp() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.tcpPort())) {
            socket.setSoTimeout(3000);
            exchange(socket, "TCP");
        }
    }

    @Test
    @DisplayName("over TLS an OPTIONS gets 200 on the same connection, and a CRLFCRLF ping a CRLF pong")
    void tls() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustingTestCertificate()}, new SecureRandom());
        try (Socket socket = context.getSocketFactory().createSocket("127.0.0.1", server.tlsPort())) {
            socket.setSoTimeout(3000);
            exchange(socket, "TLS");
        }
    }

    private static void exchange(Socket socket, String transport) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write((options(transport, socket) + options(transport, socket)).getBytes(StandardCharsets.UTF_8));
        out.flush();
        String replies = read(socket.getInputStream(), 2);
        assertEquals(2, replies.split("SIP/2.0 200 OK", -1).length - 1, "two answers: " + replies);
        out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] pong = new byte[2];
        assertEquals(2, socket.getInputStream().readNBytes(pong, 0, 2));
        assertEquals("\r\n", new String(pong, StandardCharsets.US_ASCII));
    }

    /** Reads until {@code count} complete responses (each ends with an empty line; they have no body). */
    private static String read(InputStream in, int count) throws Exception {
        StringBuilder text = new StringBuilder();
        while (text.toString().split("\r\n\r\n", -1).length - 1 < count) {
            int b = in.read();
            assertTrue(b >= 0, "the connection stayed open");
            text.append((char) b);
        }
        return text.toString();
    }

    /** The test's own certificate is self-signed: this client accepts it (tests only). */
    private static final class TrustingTestCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
