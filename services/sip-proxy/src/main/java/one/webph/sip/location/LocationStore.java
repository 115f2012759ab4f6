package one.webph.sip.location;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * Bindings in the {@code location} table, so they outlive a proxy restart. Plain JDBC: one
 * statement per change, no ORM session on the registration path. Callers run it off the event
 * loop. Thread-safe.
 */
@ApplicationScoped
public class LocationStore {

    private static final Logger LOG = Logger.getLogger(LocationStore.class);

    private final AgroalDataSource dataSource;

    LocationStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One REGISTER's changes to one number's bindings, and the bindings that result, in a single
     * database transaction: one commit (one log flush) per registration instead of one per
     * statement. Use with try-with-resources; without {@link Update#commitAndList} nothing is kept.
     */
    public Update update(String aor, String domain) {
        try {
            // The pool's connections are read committed (no gap locks, so registrations of different
            // numbers do not deadlock): see application.properties.
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            return new Update(connection, aor, domain);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database: " + e.getMessage(), e);
        }
    }

    /** See {@link LocationStore#update}. Not thread-safe: one REGISTER's worker thread uses it. */
    public static final class Update implements AutoCloseable {

        private final Connection c;
        private final String aor;
        private final String domain;
        private boolean committed;

        private Update(Connection connection, String aor, String domain) {
            this.c = connection;
            this.aor = aor;
            this.domain = domain;
        }

        /** Adds or refreshes a binding; a device (+sip.instance) keeps one binding, whatever its contact. */
        public void save(Binding binding) {
            LocationStore.save(c, aor, domain, binding);
        }

        public void remove(String contact) {
            execute(c, "DELETE FROM location WHERE aor = ? AND domain = ? AND contact = ?", aor, domain, contact);
        }

        public void removeAll() {
            execute(c, "DELETE FROM location WHERE aor = ? AND domain = ?", aor, domain);
        }

        /** Commits and returns the number's unexpired bindings. */
        public List<Binding> commitAndList() {
            List<Binding> bindings = LocationStore.live(c, aor, domain);
            try {
                c.commit();
                committed = true;
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot commit the bindings of " + aor + ": " + e.getMessage(), e);
            }
            return bindings;
        }

        @Override
        public void close() {
            try {
                if (!committed) {
                    c.rollback();
                }
                // Pooled connections must go back in auto-commit, or the next user's writes would never commit.
                c.setAutoCommit(true);
                c.close();
            } catch (SQLException e) {
                LOG.debugf("Closing a location update: %s", e.getMessage());
            }
        }
    }

    private static void save(Connection c, String aor, String domain, Binding binding) {
        try {
            if (!binding.instance().isEmpty()) {
                try (PreparedStatement s = c.prepareStatement(
                        "DELETE FROM location WHERE aor = ? AND domain = ? AND instance = ? AND contact <> ?")) {
                    s.setString(1, aor);
                    s.setString(2, domain);
                    s.setString(3, binding.instance());
                    s.setString(4, binding.contact());
                    s.executeUpdate();
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO location (aor, domain, contact, instance, reg_id, received,"
                    + " transport, call_id, cseq, user_agent, pn_provider, pn_prid, pn_param, expires, path)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE reg_id = VALUES(reg_id), received = VALUES(received), transport = VALUES(transport),"
                    + " call_id = VALUES(call_id), cseq = VALUES(cseq), user_agent = VALUES(user_agent), pn_provider = VALUES(pn_provider),"
                    + " pn_prid = VALUES(pn_prid), pn_param = VALUES(pn_param), expires = VALUES(expires), path = VALUES(path)")) {
                s.setString(1, aor);
                s.setString(2, domain);
                s.setString(3, binding.contact());
                s.setString(4, binding.instance());
                s.setInt(5, binding.regId());
                s.setString(6, binding.received());
                s.setString(7, binding.transport());
                s.setString(8, binding.callId());
                s.setLong(9, binding.cseq());
                s.setString(10, binding.userAgent());
                s.setString(11, binding.pnProvider());
                s.setString(12, binding.pnPrid());
                s.setString(13, binding.pnParam());
                s.setTimestamp(14, Timestamp.from(binding.expires()));
                s.setString(15, binding.path());
                s.executeUpdate();
            }
        } catch (SQLException e) {
            if ("40001".equals(e.getSQLState())) {
                throw new Conflict(aor, e);
            }
            throw new IllegalStateException("Cannot save the binding of " + aor + ": " + e.getMessage(), e);
        }
    }

    /** The database chose this registration as a deadlock victim: running it again is safe. */
    public static final class Conflict extends RuntimeException {
        Conflict(String aor, SQLException cause) {
            super("Concurrent registration of " + aor + ": " + cause.getMessage(), cause);
        }
    }

    /** The unexpired bindings of a number. */
    public List<Binding> live(String aor, String domain) {
        try (Connection c = dataSource.getConnection()) {
            return live(c, aor, domain);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the bindings of " + aor + ": " + e.getMessage(), e);
        }
    }

    private static List<Binding> live(Connection c, String aor, String domain) {
        List<Binding> bindings = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT contact, instance, reg_id, received, transport, expires, pn_provider,"
                     + " pn_prid, pn_param, call_id, cseq, user_agent, path FROM location WHERE aor = ? AND domain = ? AND expires > ?")) {
            s.setString(1, aor);
            s.setString(2, domain);
            s.setTimestamp(3, Timestamp.from(Instant.now()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    bindings.add(new Binding(r.getString(1), r.getString(2), r.getInt(3), r.getString(4), r.getString(5),
                            r.getTimestamp(6).toInstant(), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
                            r.getLong(11), r.getString(12), r.getString(13)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the bindings of " + aor + ": " + e.getMessage(), e);
        }
        return bindings;
    }

    /** Removes the bindings that came over a connection that has closed (they die with it). */
    public int removeFlow(String transport, String received) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM location WHERE transport = ? AND received = ?")) {
            s.setString(1, transport);
            s.setString(2, received);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot remove the bindings of " + transport + " " + received + ": " + e.getMessage(), e);
        }
    }

    @Scheduled(every = "30s", delay = 10, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM location WHERE expires < ?")) {
            s.setTimestamp(1, Timestamp.from(Instant.now()));
            int purged = s.executeUpdate();
            if (purged > 0) {
                LOG.debugf("Purged %d expired registrations", purged);
            }
        } catch (SQLException e) {
            LOG.warnf("Could not purge expired registrations: %s", e.getMessage());
        }
    }

    private static void execute(Connection c, String sql, String... parameters) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot change bindings: " + e.getMessage(), e);
        }
    }
}
