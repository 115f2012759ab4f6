package one.webph.sip.location;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * Writes registrations on its own thread, as many as are waiting in one database transaction
 * (group commit): a REGISTER costs a share of one commit and of three statements instead of a
 * commit and three round trips of its own. A registration already applied in memory is written
 * behind its answer; one that must be read back is answered after the commit that holds it. The
 * registrations of one number always go to the same writer and never twice into one batch, so
 * they apply in the order they came. A batch that fails is written again one registration at a
 * time, so a bad one fails alone. On stop, what is waiting is written first.
 */
final class GroupCommitWriter {

    private static final Logger LOG = Logger.getLogger(GroupCommitWriter.class);
    private static final String UPSERT = "INSERT INTO location (aor, domain, contact, instance, reg_id, received,"
            + " transport, call_id, cseq, user_agent, pn_provider, pn_prid, pn_param, expires, path)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE reg_id = VALUES(reg_id), received = VALUES(received), transport = VALUES(transport),"
            + " call_id = VALUES(call_id), cseq = VALUES(cseq), user_agent = VALUES(user_agent), pn_provider = VALUES(pn_provider),"
            + " pn_prid = VALUES(pn_prid), pn_param = VALUES(pn_param), expires = VALUES(expires), path = VALUES(path)";
    private static final String DEADLOCK = "40001";
    private static final String CONNECTION_FAILURE_CLASS = "08";
    private static final String CONNECTION_LOST = "08006";
    private static final long UNSAVED_WARNING_INTERVAL_NANOS = 10_000_000_000L;

    /** What the writer's queue holds. */
    sealed interface Work {
    }

    /**
     * One REGISTER's changes. With readBack, the number's bindings are read back after the commit,
     * put in memory and completed there; without, memory already has them (written behind).
     */
    record Pending(String aor, String domain, List<BindingChange> changes, CompletableFuture<List<Binding>> readBack) implements Work {
    }

    /** Completes once everything queued before it is written (or has failed). */
    record Barrier(CompletableFuture<Void> passed) implements Work {
    }

    private record End() implements Work {
    }

    private final DataSource dataSource;
    private final BindingCache cache;
    private final int maxBatch;
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private Work carried;
    private long lastUnsavedWarning;
    private long unsavedSinceWarning;
    private Connection connection;

    GroupCommitWriter(DataSource dataSource, BindingCache cache, int maxBatch, String name) {
        this.dataSource = dataSource;
        this.cache = cache;
        this.maxBatch = maxBatch;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    void submit(Work work) {
        queue.add(work);
    }

    /** Writes what is waiting, then stops. */
    void stop() throws InterruptedException {
        queue.add(new End());
        thread.join(10_000);
    }

    private void run() {
        try {
            while (true) {
                switch (next()) {
                    case Pending pending -> write(batchFrom(pending));
                    case Barrier barrier -> barrier.passed().complete(null);
                    case End end -> {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dropConnection();
        }
    }

    private Work next() throws InterruptedException {
        Work first = carried != null ? carried : queue.take();
        carried = null;
        return first;
    }

    /** The first registration and what else is waiting behind it, up to the batch size. */
    private List<Pending> batchFrom(Pending first) {
        List<Pending> batch = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        batch.add(first);
        numbers.add(first.aor());
        while (batch.size() < maxBatch) {
            Work next = queue.poll();
            if (next == null) {
                break;
            }
            // A barrier, the end, a number twice or a second domain: it starts the next batch.
            if (!(next instanceof Pending pending) || !pending.domain().equals(first.domain()) || !numbers.add(pending.aor())) {
                carried = next;
                break;
            }
            batch.add(pending);
        }
        return batch;
    }

    private void write(List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                Committed committed = transaction(batch);
                for (Pending pending : batch) {
                    if (committed.outOfOrder().contains(pending)) {
                        cache.readBack(pending.aor(), pending.domain(), null);
                        pending.readBack().completeExceptionally(new OutOfOrderRegistration(pending.aor()));
                    } else if (pending.readBack() != null) {
                        // In memory before the REGISTER is answered, and before this number's next batch.
                        List<Binding> bindings = committed.live().getOrDefault(pending.aor(), List.of());
                        cache.readBack(pending.aor(), pending.domain(), bindings);
                        pending.readBack().complete(bindings);
                    }
                }
                return;
            } catch (SQLException e) {
                if (batch.size() > 1) {
                    LOG.debugf("A batch of %d registrations failed (%s); writing them one by one", batch.size(), e.getMessage());
                    batch.forEach(pending -> write(List.of(pending)));
                    return;
                }
                if (!worthRetrying(e) || attempt == 3) {
                    failed(batch.get(0), new IllegalStateException("Cannot save the bindings of " + batch.get(0).aor() + ": " + e.getMessage(), e));
                    return;
                }
            } catch (RuntimeException e) {
                batch.forEach(pending -> failed(pending, e));
                return;
            }
        }
    }

    /**
     * A registration answered after its commit is refused; one already answered from memory keeps
     * working from memory (the phone stays reachable) and is written again at its next refresh.
     */
    private void failed(Pending pending, RuntimeException error) {
        if (pending.readBack() != null) {
            cache.readBack(pending.aor(), pending.domain(), null);
            pending.readBack().completeExceptionally(error);
            return;
        }
        cache.writeFailed(pending.aor(), pending.domain());
        if (lastUnsavedWarning == 0 || System.nanoTime() - lastUnsavedWarning >= UNSAVED_WARNING_INTERVAL_NANOS) {
            // A database outage fails every registration: one warning per interval, with the count.
            LOG.warnf("%s; it works until the proxy restarts, and is written again when the phone renews it%s", error.getMessage(),
                    unsavedSinceWarning == 0 ? "" : " (and " + unsavedSinceWarning + " more registrations since the last such warning)");
            lastUnsavedWarning = System.nanoTime();
            unsavedSinceWarning = 0;
        } else {
            unsavedSinceWarning++;
        }
    }

    /**
     * A deadlock, or a lost connection (the kept one may have been closed by the server while
     * idle): the same write on a new connection may succeed.
     */
    private static boolean worthRetrying(SQLException e) {
        String state = e.getSQLState();
        return DEADLOCK.equals(state) || state != null && state.startsWith(CONNECTION_FAILURE_CLASS);
    }

    /**
     * What a batch's transaction did: the live bindings of the numbers to read back after it, and
     * the registrations it left out because they were older than a binding they would change.
     */
    private record Committed(Map<String, List<Binding>> live, Set<Pending> outOfOrder) {
    }

    /**
     * The batch's changes in one transaction. The numbers to read back are those whose bindings
     * are not in memory, so their REGISTERs are checked for order against the table first (RFC
     * 3261 §10.3 step 7, as {@link BindingCache#update} does in memory): one more read, for the
     * batches that hold such numbers.
     */
    private Committed transaction(List<Pending> batch) throws SQLException {
        Connection c = connection();
        try {
            List<Pending> readBacks = batch.stream().filter(pending -> pending.readBack() != null).toList();
            Set<Pending> outOfOrder = new HashSet<>();
            if (!readBacks.isEmpty()) {
                Map<String, List<Binding>> before = live(c, readBacks);
                readBacks.stream().filter(p -> BindingChange.outOfOrder(before.getOrDefault(p.aor(), List.of()), p.changes()))
                        .forEach(outOfOrder::add);
            }
            List<Pending> applied = outOfOrder.isEmpty() ? batch : batch.stream().filter(p -> !outOfOrder.contains(p)).toList();
            List<Pending> toReadBack = outOfOrder.isEmpty() ? readBacks : readBacks.stream().filter(p -> !outOfOrder.contains(p)).toList();
            removals(c, applied);
            upserts(c, applied);
            Map<String, List<Binding>> live = toReadBack.isEmpty() ? Map.of() : live(c, toReadBack);
            c.commit();
            return new Committed(live, outOfOrder);
        } catch (SQLException e) {
            boolean lost = !usable(c);
            dropConnection();
            // The driver's error for a dead connection is not always of class 08; make it so.
            throw lost ? new SQLTransientConnectionException("Lost the database connection: " + e.getMessage(), CONNECTION_LOST, e) : e;
        } catch (RuntimeException e) {
            dropConnection();
            throw e;
        }
    }

    private static boolean usable(Connection c) {
        try {
            return !c.isClosed() && c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The writer keeps one connection, out of auto-commit, for as long as it works: handing it
     * back to the pool after each batch cost two more round trips (auto-commit off, then on
     * again, so the next user of a pooled connection does not write in a transaction that never
     * commits), as many as the batch's own statements.
     */
    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /** After a failure the connection's state is unknown: roll back and let the pool have it back. */
    private void dropConnection() {
        if (connection == null) {
            return;
        }
        try (Connection c = connection) {
            connection = null;
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debugf("Closing a failed location writer connection: %s", e.getMessage());
        }
    }

    private static void removals(Connection c, List<Pending> batch) throws SQLException {
        try (PreparedStatement all = c.prepareStatement("DELETE FROM location WHERE aor = ? AND domain = ?");
             PreparedStatement one = c.prepareStatement("DELETE FROM location WHERE aor = ? AND domain = ? AND contact = ?");
             PreparedStatement device = c.prepareStatement(
                     "DELETE FROM location WHERE aor = ? AND domain = ? AND instance = ? AND contact <> ?")) {
            int statements = 0;
            for (Pending pending : batch) {
                for (BindingChange change : pending.changes()) {
                    PreparedStatement s = switch (change) {
                        case BindingChange.RemoveAll removeAll -> all;
                        case BindingChange.Remove remove -> one;
                        case BindingChange.Save save -> save.binding().instance().isEmpty() ? null : device;
                    };
                    if (s == null) {
                        continue;
                    }
                    s.setString(1, pending.aor());
                    s.setString(2, pending.domain());
                    if (change instanceof BindingChange.Remove remove) {
                        s.setString(3, remove.contact());
                    } else if (change instanceof BindingChange.Save save) {
                        s.setString(3, save.binding().instance());
                        s.setString(4, save.binding().contact());
                    }
                    s.addBatch();
                    statements++;
                }
            }
            if (statements > 0) {
                all.executeBatch();
                one.executeBatch();
                device.executeBatch();
            }
        }
    }

    private static void upserts(Connection c, List<Pending> batch) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            int rows = 0;
            for (Pending pending : batch) {
                for (BindingChange change : pending.changes()) {
                    if (change instanceof BindingChange.Save save) {
                        Binding binding = save.binding();
                        s.setString(1, pending.aor());
                        s.setString(2, pending.domain());
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
                        s.addBatch();
                        rows++;
                    }
                }
            }
            if (rows > 0) {
                s.executeBatch(); // One multi-row INSERT (rewriteBatchedStatements).
            }
        }
    }

    private static Map<String, List<Binding>> live(Connection c, List<Pending> batch) throws SQLException {
        // The IN list is padded to a power of two (repeating the last number), so a handful of
        // statement shapes serve every batch size and the driver's statement cache keeps them.
        int size = Integer.highestOneBit(batch.size() * 2 - 1);
        String sql = LocationStore.SELECT_BINDINGS + ", aor" + LocationStore.BY_NUMBER + " WHERE domain = ? AND expires > ? AND aor IN ("
                + "?, ".repeat(size - 1) + "?)";
        Map<String, List<Binding>> live = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, batch.get(0).domain());
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            for (int i = 0; i < size; i++) {
                s.setString(3 + i, batch.get(Math.min(i, batch.size() - 1)).aor());
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    live.computeIfAbsent(r.getString(LocationStore.BINDING_COLUMNS + 1), aor -> new ArrayList<>())
                            .add(LocationStore.binding(r));
                }
            }
        }
        return live;
    }
}
