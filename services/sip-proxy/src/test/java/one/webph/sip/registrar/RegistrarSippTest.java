package one.webph.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.sip.proxy.SipServer;
import one.webph.testing.database.TestDatabaseResource;

/** REGISTER with digest from sipp (Debian sip-tester), a real SIP peer, over UDP on loopback. */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class RegistrarSippTest {

    static final String DOMAIN = "test.webphone";
    static final Path SCENARIO = Path.of("../../bench/sip/register.xml").toAbsolutePath().normalize();

    @Inject
    SipServer server;

    @Inject
    AgroalDataSource dataSource;

    @Test
    @DisplayName("sipp registers ten numbers with MD5 digest; the bindings are in the location table")
    void sippRegistersWithDigest() throws Exception {
        String prefix = "7" + (100000 + (int) (Math.random() * 899999));
        StringBuilder users = new StringBuilder("SEQUENTIAL\n");
        for (int i = 0; i < 10; i++) {
            String number = prefix + i;
            subscriber(number, "secret-" + i);
            users.append(number).append(";[authentication username=").append(number).append(" password=secret-").append(i)
                    .append("];").append(DOMAIN).append('\n');
        }
        Process sipp = sipp(users.toString(), 10);
        assertEquals(0, sipp.exitValue(), "sipp: every registration succeeded (see target/sipp-register)");
        assertEquals(10, count("SELECT COUNT(*) FROM location WHERE aor LIKE ? AND domain = ?", prefix + "%", DOMAIN));
    }

    @Test
    @DisplayName("a wrong password gets no binding and sipp's call fails")
    void wrongPasswordIsRefused() throws Exception {
        String number = "8" + (1000000 + (int) (Math.random() * 8999999));
        subscriber(number, "the-right-one");
        Process sipp = sipp("SEQUENTIAL\n" + number + ";[authentication username=" + number + " password=wrong];" + DOMAIN + "\n", 1);
        assertNotEquals(0, sipp.exitValue());
        assertEquals(0, count("SELECT COUNT(*) FROM location WHERE aor = ?", number));
    }

    @Test
    @DisplayName("sipp registers over TCP too; its binding dies with the connection when sipp leaves")
    void sippRegistersOverTcp() throws Exception {
        String number = "7" + (1000000 + (int) (Math.random() * 8999999));
        subscriber(number, "tcp-secret");
        Process sipp = sipp("SEQUENTIAL\n" + number + ";[authentication username=" + number + " password=tcp-secret];" + DOMAIN + "\n", 1,
                "t1", server.tcpPort());
        assertEquals(0, sipp.exitValue(), "sipp registered over TCP (see target/sipp-register)");
        for (int i = 0; i < 30 && count("SELECT COUNT(*) FROM location WHERE aor = ?", number) > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, count("SELECT COUNT(*) FROM location WHERE aor = ?", number), "sipp closed its connection: the binding is gone");
    }

    private Process sipp(String users, int calls) throws Exception {
        return sipp(users, calls, "u1", server.udpPort());
    }

    private Process sipp(String users, int calls, String transport, int port) throws Exception {
        Path work = Files.createDirectories(Path.of("target/sipp-register/" + UUID.randomUUID()));
        Files.writeString(work.resolve("users.csv"), users);
        assertTrue(Files.exists(SCENARIO), "scenario " + SCENARIO);
        Process sipp = new ProcessBuilder("sipp", "-sf", SCENARIO.toString(), "-inf", "users.csv", "-i", "127.0.0.1", "-p", "0",
                "-t", transport, "-m", Integer.toString(calls), "-r", "20", "-recv_timeout", "4000", "-nostdin", "-timeout", "30s",
                "127.0.0.1:" + port)
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(new File(work.toFile(), "sipp.log")).start();
        assertTrue(sipp.waitFor(40, TimeUnit.SECONDS), "sipp finished");
        return sipp;
    }

    private void subscriber(String number, String password) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO subscriber (username, domain, ha1, ha1b, ha1_sha256) VALUES (?, ?, MD5(CONCAT(?, ':', ?, ':', ?)), '', SHA2(CONCAT(?, ':', ?, ':', ?), 256))")) {
            s.setString(1, number);
            s.setString(2, DOMAIN);
            s.setString(3, number);
            s.setString(4, DOMAIN);
            s.setString(5, password);
            s.setString(6, number);
            s.setString(7, DOMAIN);
            s.setString(8, password);
            s.executeUpdate();
        }
    }

    private long count(String sql, String... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
