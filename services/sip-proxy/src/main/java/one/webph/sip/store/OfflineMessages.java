package one.webph.sip.store;

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

import one.webph.sip.config.SipConfig;

/**
 * The {@code message_store} table: texts for sleeping phones, kept for {@code SIP_MESSAGE_KEEP}.
 * Plain JDBC; callers run it off the event loop.
 */
@ApplicationScoped
public class OfflineMessages {

    private static final Logger LOG = Logger.getLogger(OfflineMessages.class);
    /** Per number, so one flooded number cannot fill the disk. */
    static final int MAX_PER_NUMBER = 200;

    private final AgroalDataSource dataSource;
    private final SipConfig config;
    /** Numbers with texts waiting, so a REGISTER only reads the table when there is something to read. */
    private volatile java.util.Set<String> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();

    OfflineMessages(AgroalDataSource dataSource, SipConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** Keeps a text; false when the number already has too many waiting. */
    public boolean store(String aor, String sender, String contentType, String body) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM message_store WHERE aor = ? AND domain = ?")) {
                count.setString(1, aor);
                count.setString(2, config.domain());
                try (ResultSet r = count.executeQuery()) {
                    r.next();
                    if (r.getInt(1) >= MAX_PER_NUMBER) {
                        return false;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO message_store (aor, domain, sender, content_type, body, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, aor);
                s.setString(2, config.domain());
                s.setString(3, sender);
                s.setString(4, contentType);
                s.setString(5, body);
                s.setTimestamp(6, Timestamp.from(Instant.now().plus(config.messages().keep())));
                s.executeUpdate();
            }
            waiting.add(aor);
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot keep a text for " + aor + ": " + e.getMessage(), e);
        }
    }

    /** Whether texts may be waiting for a number (cheap; no database read). */
    public boolean mayHaveTexts(String aor) {
        return waiting.contains(aor);
    }

    /** Re-reads which numbers have texts waiting (texts stored by other proxies, expiries). */
    @Scheduled(every = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshWaiting() {
        java.util.Set<String> numbers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT DISTINCT aor FROM message_store WHERE domain = ? AND expires_at > ?")) {
            s.setString(1, config.domain());
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    numbers.add(r.getString(1));
                }
            }
            waiting = numbers;
        } catch (SQLException e) {
            LOG.debugf("Could not read which numbers have texts waiting: %s", e.getMessage());
        }
    }

    /** The texts waiting for a number, oldest first. */
    public List<StoredMessage> waitingFor(String aor) {
        List<StoredMessage> messages = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, sender, content_type, body, received_at FROM message_store WHERE aor = ? AND domain = ? AND expires_at > ? ORDER BY id")) {
            s.setString(1, aor);
            s.setString(2, config.domain());
            s.setTimestamp(3, Timestamp.from(Instant.now()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    messages.add(new StoredMessage(r.getLong(1), aor, r.getString(2), r.getString(3), r.getString(4), r.getTimestamp(5).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the texts for " + aor + ": " + e.getMessage(), e);
        }
        if (messages.isEmpty()) {
            waiting.remove(aor);
        }
        return messages;
    }

    /** A text reached the phone. */
    public void delivered(long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM message_store WHERE id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot forget delivered text " + id + ": " + e.getMessage(), e);
        }
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM message_store WHERE expires_at < ?")) {
            s.setTimestamp(1, Timestamp.from(Instant.now()));
            int purged = s.executeUpdate();
            if (purged > 0) {
                LOG.infof("%d text(s) expired before their phones came back", purged);
            }
        } catch (SQLException e) {
            LOG.warnf("Could not purge expired texts: %s", e.getMessage());
        }
    }
}
