package one.webph.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.net.DatagramSocket;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;

/**
 * Registrations live in the database, not in the SIP stack: the stack is torn down and started
 * again (transports, transactions, the proxy core and everything it held), as a restart does.
 */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RestartTest.FixedUdpPort.class, restrictToAnnotatedClass = true)
class RestartTest {

    /** A proxy of this class's own on a fixed UDP port, so that it comes back where phones expect it. */
    public static class FixedUdpPort implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try (DatagramSocket probe = new DatagramSocket(0)) {
                return Map.of("sip.transport.udp-port", Integer.toString(probe.getLocalPort()));
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    SipServer server;

    @Inject
    AgroalDataSource dataSource;

    @Test
    @DisplayName("a UDP registration outlives a restart of the SIP stack: a text sent after it reaches the phone")
    void udpRegistrationOutlivesARestart() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String sender = SubscriberRows.newNumber("3");
        String phoneNumber = SubscriberRows.newNumber("3");
        rows.subscriber(sender, "sender-secret");
        rows.subscriber(phoneNumber, "phone-secret");
        try (WakingPhone phone = new WakingPhone(server.udpPort(), phoneNumber, "127.0.0.1")) {
            phone.register("phone-secret");
            int port = server.udpPort();

            server.stop(null);
            server.start(null);

            assertEquals(port, server.udpPort(), "back on its port");
            assertEquals(1L, rows.count("SELECT COUNT(*) FROM location WHERE aor = ?", phoneNumber));
            try (RawSipClient client = new RawSipClient("127.0.0.1", server.udpPort())) {
                CompletableFuture<Integer> sent = ProxyAnswersTest.authorizedInBackground(client, sender, phoneNumber, "sender-secret");
                String text = phone.takeText();
                assertTrue(text.endsWith("hello"), "the text reached the phone registered before the restart: " + text);
                assertEquals(200, sent.get(5, TimeUnit.SECONDS), "the sender got the phone's 200");
            }
        }
    }
}
