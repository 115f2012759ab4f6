package one.webph.sip.proxy;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;

/** Test data in the real database: subscribers with HA1 hashes, bindings, community routes. */
final class SubscriberRows {

    static final String DOMAIN = "test.webphone";

    private final AgroalDataSource dataSource;

    SubscriberRows(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    static String newNumber(String first) {
        return first + (1000000 + (int) (Math.random() * 8999999));
    }

    void subscriber(String number, String password) throws Exception {
        update("INSERT INTO subscriber (username, domain, ha1, ha1b, ha1_sha256) VALUES (?, ?, MD5(CONCAT(?, ':', ?, ':', ?)), '',"
                + " SHA2(CONCAT(?, ':', ?, ':', ?), 256))", number, DOMAIN, number, DOMAIN, password, number, DOMAIN, password);
    }

    void udpBinding(String number, int port) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO location (aor, domain, contact, received, transport, expires) VALUES (?, ?, ?, ?, 'UDP', ?)")) {
            s.setString(1, number);
            s.setString(2, DOMAIN);
            s.setString(3, "sip:" + number + "@127.0.0.1:" + port);
            s.setString(4, "127.0.0.1:" + port);
            s.setTimestamp(5, Timestamp.from(Instant.now().plusSeconds(600)));
            s.executeUpdate();
        }
    }

    void communityRoute(String prefix, String uri, String trustedSources) throws Exception {
        update("DELETE FROM community_route WHERE prefix = ?", prefix);
        update("INSERT INTO community_route (prefix, name, uri, transport, trusted_sources) VALUES (?, 'test', ?, 'UDP', ?)",
                prefix, uri, trustedSources);
    }

    long count(String sql, String... parameters) throws Exception {
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

    void update(String sql, String... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }
}
