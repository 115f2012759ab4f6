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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import one.webph.sip.config.SipConfig;

/**
 * Reads credentials from {@code subscriber} (owned by allocatenumber) and keeps them in memory,
 * so a REGISTER costs no query. The cache follows the table: every few seconds the rows changed
 * since the last look are evicted (a new password takes effect at once), and every entry, found
 * or not, is read again after the configured time (deletions); known subscribers are re-read in
 * the background before that, so their REGISTERs never wait for the database. Thread-safe.
 */
@ApplicationScoped
public class CredentialStore {

    private static final Logger LOG = Logger.getLogger(CredentialStore.class);

    private static final int REFRESH_BATCH = 500;

    /**
     * What the table said for a name, and when it was read. A re-read that finds the same moves
     * the time and keeps the entry: every cached entry is re-read every 15-30 s, and replacing
     * it each time made tens of thousands of new objects that lived until the next re-read,
     * so every young collection copied them until they were promoted, as old garbage.
     */
    private static final class Entry {
        final Optional<Credentials> credentials;
        volatile long readAtNanos;

        Entry(Optional<Credentials> credentials, long readAtNanos) {
            this.credentials = credentials;
            this.readAtNanos = readAtNanos;
        }

        Optional<Credentials> credentials() {
            return credentials;
        }

        long readAtNanos() {
            return readAtNanos;
        }
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
        return fresh(key(username, domain)) != null;
    }

    public Optional<Credentials> find(String username, String domain) {
        String key = key(username, domain);
        Entry entry = fresh(key);
        if (entry != null) {
            return entry.credentials();
        }
        Optional<Credentials> credentials = read(username, domain);
        if (cache.size() > 200_000) {
            cache.clear();
        }
        cache.put(key, new Entry(credentials, System.nanoTime()));
        return credentials;
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evictChanged() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT username, domain, updated_at FROM subscriber WHERE updated_at >= ?")) {
            s.setTimestamp(1, lastChange);
            Timestamp newest = lastChange;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    cache.remove(key(r.getString(1), r.getString(2)));
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

    /**
     * Re-reads, in batched queries, known subscribers whose entries are past half their time:
     * phones re-register every few minutes, much less often than the cache keeps an entry, so
     * without this nearly every REGISTER would find its entry expired and wait for a query. A
     * subscriber deleted since is cached as unknown. Unknown names are left to expire (a
     * scanner's guesses are not worth a query each).
     *
     * <p>A slice each second rather than all that is due every few seconds: entries read together
     * (a start, a wave of phones coming back) come due together, and re-reading 10,000 at once
     * took ~15 ms of this thread, ~65 ms of the database and both cores on a small machine, so
     * the REGISTERs arriving meanwhile waited up to 28 ms (seen as a p99 spike every 15 s).
     */
    @Scheduled(every = "1s", delayed = "7s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshAgingEntries() {
        refreshAging(System.nanoTime(), refreshSlice(cache.size(), ttlNanos));
    }

    /**
     * @param nowNanos the time to judge the entries' age by (tests look ahead)
     * @param slice how many due entries to re-read at most
     * @return how many were re-read (or tried, when the database failed)
     */
    int refreshAging(long nowNanos, int slice) {
        Map<String, List<String>> dueByDomain = new HashMap<>();
        int due = 0;
        for (Entry entry : cache.values()) {
            if (due == slice) {
                break;
            }
            if (entry.credentials().isPresent() && nowNanos - entry.readAtNanos() > ttlNanos / 2) {
                Credentials c = entry.credentials().get();
                dueByDomain.computeIfAbsent(c.domain(), d -> new ArrayList<>()).add(c.username());
                due++;
            }
        }
        dueByDomain.forEach((domain, usernames) -> {
            for (int from = 0; from < usernames.size(); from += REFRESH_BATCH) {
                refresh(domain, usernames.subList(from, Math.min(from + REFRESH_BATCH, usernames.size())));
            }
        });
        return due;
    }

    /**
     * How many entries one run re-reads at most: enough for every cached entry to be re-read
     * within a quarter of the cache's time, so all of them fit between half their time and their
     * end twice over, even when they all came due at once.
     */
    static int refreshSlice(int cached, long ttlNanos) {
        long quarterSeconds = Math.max(1, ttlNanos / 4 / 1_000_000_000L);
        return (int) Math.max(REFRESH_BATCH, (cached + quarterSeconds - 1) / quarterSeconds);
    }

    private void refresh(String domain, List<String> usernames) {
        String sql = "SELECT username, ha1, ha1_sha256 FROM subscriber WHERE domain = ? AND username IN ("
                + "?, ".repeat(usernames.size() - 1) + "?)";
        long readAt = System.nanoTime();
        Map<String, Credentials> found = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, domain);
            for (int i = 0; i < usernames.size(); i++) {
                s.setString(i + 2, usernames.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.put(r.getString(1), new Credentials(r.getString(1), domain, r.getString(2), r.getString(3)));
                }
            }
        } catch (SQLException e) {
            LOG.warnf("Could not refresh %d cached credentials: %s", usernames.size(), e.getMessage());
            return;
        }
        for (String username : usernames) {
            String key = key(username, domain);
            Optional<Credentials> credentials = Optional.ofNullable(found.get(username));
            Entry held = cache.get(key);
            if (held != null && held.credentials().equals(credentials)) {
                held.readAtNanos = readAt;
            } else {
                cache.put(key, new Entry(credentials, readAt));
            }
        }
    }

    private static String key(String username, String domain) {
        return username + "@" + domain;
    }

    /** The cached entry when it is younger than the cache's time, else null. */
    private Entry fresh(String key) {
        Entry entry = cache.get(key);
        return entry != null && System.nanoTime() - entry.readAtNanos() < ttlNanos ? entry : null;
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
