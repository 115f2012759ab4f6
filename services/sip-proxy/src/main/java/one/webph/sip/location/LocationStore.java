package one.webph.sip.location;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import one.webph.sip.config.SipConfig;

/**
 * Bindings in the {@code location} table, so they outlive a proxy restart. Plain JDBC, no ORM
 * session on the registration path. Registrations are written by group-commit writers; a number
 * always goes to the same one. The bindings of numbers seen before are kept in memory
 * ({@link BindingCache}): routing a call to them costs no query, and their registrations are
 * answered from memory and written behind; callers run the other reads off the event loop.
 * Thread-safe.
 */
@ApplicationScoped
public class LocationStore {

    private static final Logger LOG = Logger.getLogger(LocationStore.class);
    /** A writer stuck longer than this (the database hangs) does not hold up a removal for ever. */
    private static final long WRITES_BEFORE_REMOVAL_SECONDS = 10;
    /** The columns {@link #binding} reads, in its order. */
    static final String SELECT_BINDINGS = "SELECT contact, instance, reg_id, received, transport, expires, pn_provider,"
            + " pn_prid, pn_param, call_id, cseq, user_agent, path";
    static final int BINDING_COLUMNS = 13;
    /**
     * Bindings are looked up by number. Named, because with "expires > now" in the query the
     * optimizer may pick the expiry index instead, and then reads every live binding of the
     * domain for each lookup (seen: 50 rows read per REGISTER with 10,000 registered).
     */
    static final String BY_NUMBER = " FROM location FORCE INDEX (location_binding_idx)";

    private final AgroalDataSource dataSource;
    private final List<GroupCommitWriter> writers = new ArrayList<>();
    private final BindingCache cache;
    private final Object applyOrder = new Object();

    LocationStore(AgroalDataSource dataSource, SipConfig config) {
        this.dataSource = dataSource;
        this.cache = new BindingCache(config.registrar().locationCache(), config.registrar().locationRefreshSlack());
        for (int i = 0; i < config.registrar().locationWriters(); i++) {
            writers.add(new GroupCommitWriter(dataSource, cache, config.registrar().locationBatch(), "location-writer-" + i));
        }
    }

    /**
     * Applies one REGISTER's changes to a number's bindings; completes with the number's unexpired
     * bindings. For a number whose bindings are in memory that is at once, and the table follows in
     * the writer's next commit (a crash in between loses that commit's registrations; a stop writes
     * them first), except a refresh that moves its binding's expiry less than the slack past the
     * written one ({@link BindingCache#update}), which a stop writes; otherwise, on a writer
     * thread, once the changes are committed and read back, or exceptionally when the database
     * refused them, or with {@link OutOfOrderRegistration} when the changes are older than a
     * binding they would change (RFC 3261 §10.3 step 7).
     */
    public CompletableFuture<List<Binding>> apply(String aor, String domain, List<BindingChange> changes) {
        GroupCommitWriter writer = writerOf(aor);
        // Registrars run on the core thread and on database workers: memory and the writer's queue
        // must see two REGISTERs of one number in the same order.
        synchronized (applyOrder) {
            BindingCache.Update inMemory;
            try {
                inMemory = cache.update(aor, domain, changes, Instant.now());
            } catch (OutOfOrderRegistration e) {
                return CompletableFuture.failedFuture(e);
            }
            if (inMemory != null) {
                if (!inMemory.toWrite().isEmpty()) {
                    writer.submit(new GroupCommitWriter.Pending(aor, domain, inMemory.toWrite(), null));
                }
                return CompletableFuture.completedFuture(inMemory.live());
            }
            CompletableFuture<List<Binding>> readBack = new CompletableFuture<>();
            writer.submit(new GroupCommitWriter.Pending(aor, domain, changes, readBack));
            return readBack;
        }
    }

    /** Queues the refreshes kept in memory only (within the slack) for writing. */
    void writeUnwrittenRefreshes() {
        synchronized (applyOrder) {
            cache.unwrittenRefreshes().forEach((number, refreshes) -> writerOf(number.aor())
                    .submit(new GroupCommitWriter.Pending(number.aor(), number.domain(), refreshes, null)));
        }
    }

    /** The writer of a number's registrations: always the same one, so they apply in order. */
    private GroupCommitWriter writerOf(String aor) {
        return writers.get(Math.floorMod(aor.hashCode(), writers.size()));
    }

    /** Completes once every registration applied before this call is in the table (or has failed). */
    public CompletableFuture<Void> written() {
        List<CompletableFuture<Void>> barriers = new ArrayList<>();
        for (GroupCommitWriter writer : writers) {
            CompletableFuture<Void> passed = new CompletableFuture<>();
            writer.submit(new GroupCommitWriter.Barrier(passed));
            barriers.add(passed);
        }
        return CompletableFuture.allOf(barriers.toArray(CompletableFuture[]::new));
    }

    @PreDestroy
    void stopWriters() {
        writeUnwrittenRefreshes();
        try {
            for (GroupCommitWriter writer : writers) {
                writer.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The unexpired bindings of a number; blocks for a query unless {@link #isCached} says otherwise. */
    public List<Binding> live(String aor, String domain) {
        List<Binding> cached = cache.live(aor, domain, Instant.now());
        if (cached != null) {
            return cached;
        }
        List<Binding> read;
        try (Connection c = dataSource.getConnection()) {
            read = live(c, aor, domain);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the bindings of " + aor + ": " + e.getMessage(), e);
        }
        cache.read(aor, domain, read);
        return read;
    }

    /** Whether {@link #live} would answer from memory, without a query. */
    public boolean isCached(String aor, String domain) {
        return cache.contains(aor, domain);
    }

    private static List<Binding> live(Connection c, String aor, String domain) {
        List<Binding> bindings = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SELECT_BINDINGS + BY_NUMBER + " WHERE aor = ? AND domain = ? AND expires > ?")) {
            s.setString(1, aor);
            s.setString(2, domain);
            s.setTimestamp(3, Timestamp.from(Instant.now()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    bindings.add(binding(r));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the bindings of " + aor + ": " + e.getMessage(), e);
        }
        return bindings;
    }

    /** The binding in the current row of a result whose first columns are {@link #SELECT_BINDINGS}. */
    static Binding binding(ResultSet r) throws SQLException {
        return new Binding(r.getString(1), r.getString(2), r.getInt(3), r.getString(4), r.getString(5),
                r.getTimestamp(6).toInstant(), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
                r.getLong(11), r.getString(12), r.getString(13));
    }

    /**
     * Removes the bindings that came over a connection that has closed (they die with it): from
     * memory at once, from the table once the registrations applied before the close are written
     * (else one of them, answered just before the close, would be written after the removal).
     * Blocks for those writes and the delete.
     */
    public int removeFlow(String transport, String received) {
        cache.flowClosed(transport, received);
        try {
            written().get(WRITES_BEFORE_REMOVAL_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while removing the bindings of " + transport + " " + received, e);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Removing the bindings of closed %s %s before the registrations queued ahead are written: %s",
                    transport, received, e.getMessage());
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM location WHERE transport = ? AND received = ?")) {
            s.setString(1, transport);
            s.setString(2, received);
            int removed = s.executeUpdate();
            // Again: a registration read back meanwhile may have put one back in memory.
            cache.flowClosed(transport, received);
            return removed;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot remove the bindings of " + transport + " " + received + ": " + e.getMessage(), e);
        }
    }

    @Scheduled(every = "30s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        cache.dropExpired(Instant.now());
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
}
