package one.webph.sip.auth;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import one.webph.sip.config.SipConfig;

/**
 * Reads credentials from {@code subscriber} (owned by allocatenumber) and keeps them in memory,
 * so a REGISTER costs no query. The cache follows the table: every few seconds the rows changed
 * since the last look are evicted (a new password takes effect at once), and every entry, found
 * or not, is read again after the configured time (deletions). Thread-safe.
 */
@ApplicationScoped
public class CredentialStore {

    private static final Logger LOG = Logger.getLogger(CredentialStore.class);

    private record Entry(Optional<Credentials> credentials, long readAtNanos) {
    }

    private final AgroalDataSource dataSource;
    private final long ttlNanos;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private volatile Timestamp lastChange = Timestamp.from(Instant.now());

    CredentialStore(AgroalDataSource dataSource, SipConfig config) {
        this.dataSource = dataSource;
        this.ttlNanos = config.registrar().credentialCache().toNanos();
    }

    /** Whether {@link #find} would answer from memory, without a query. */
    public boolean isCached(String username, String domain) {
        Entry entry = cache.get(username + "@" + domain);
        return entry != null && System.nanoTime() - entry.readAtNanos() < ttlNanos;
    }

    public Optional<Credentials> find(String username, String domain) {
        String key = username + "@" + domain;
        Entry entry = cache.get(key);
        if (entry != null && System.nanoTime() - entry.readAtNanos() < ttlNanos) {
            return entry.credentials();
        }
        Optional<Credentials> credentials = read(username, domain);
        if (cache.size() > 200_000) {
            cache.clear();
        }
        cache.put(key, new Entry(credentials, System.nanoTime()));
        return credentials;
    }

    @Scheduled(every = "5s", delay = 5, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evictChanged() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT username, domain, updated_at FROM subscriber WHERE updated_at >= ?")) {
            s.setTimestamp(1, lastChange);
            Timestamp newest = lastChange;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    cache.remove(r.getString(1) + "@" + r.getString(2));
                    Timestamp changed = r.getTimestamp(3);
                    if (changed.after(newest)) {
                        newest = changed;
                    }
                }
            }
            lastChange = newest;
        } catch (SQLException e) {
            LOG.warnf("Could not look for changed subscribers: %s", e.getMessage());
        }
    }

    private Optional<Credentials> read(String username, String domain) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT ha1, ha1_sha256 FROM subscriber WHERE username = ? AND domain = ?")) {
            s.setString(1, username);
            s.setString(2, domain);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Credentials(username, domain, r.getString(1), r.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read subscriber " + username + ": " + e.getMessage(), e);
        }
    }
}
