package one.webph.sip.location;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * commit and three round trips of its own. A registration is answered only after the commit
 * that holds it, so an answered registration survives a restart. The registrations of one
 * number always go to the same writer and never twice into one batch, so they apply in the
 * order they came. A batch that fails is written again one registration at a time, so a bad
 * one fails alone.
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

    /** One REGISTER's changes, and who waits for the resulting bindings. */
    record Pending(String aor, String domain, List<BindingChange> changes, CompletableFuture<List<Binding>> done) {
        static final Pending END = new Pending("", "", List.of(), new CompletableFuture<>());
    }

    private final DataSource dataSource;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private Pending carried;

    GroupCommitWriter(DataSource dataSource, int maxBatch, String name) {
        this.dataSource = dataSource;
        this.maxBatch = maxBatch;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    void submit(Pending pending) {
        queue.add(pending);
    }

    /** Writes what is waiting, then stops. */
    void stop() throws InterruptedException {
        queue.add(Pending.END);
        thread.join(10_000);
    }

    private void run() {
        try {
            for (List<Pending> batch = nextBatch(); batch != null; batch = nextBatch()) {
                write(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks for the first registration, then takes what else is waiting; null at the end. */
    private List<Pending> nextBatch() throws InterruptedException {
        Pending first = carried != null ? carried : queue.take();
        carried = null;
        if (first == Pending.END) {
            return null;
        }
        List<Pending> batch = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        batch.add(first);
        numbers.add(first.aor());
        while (batch.size() < maxBatch) {
            Pending next = queue.poll();
            if (next == null) {
                break;
            }
            // A number twice, a second domain or the end: it starts the next batch.
            if (next == Pending.END || !next.domain().equals(first.domain()) || !numbers.add(next.aor())) {
                carried = next;
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void write(List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                Map<String, List<Binding>> live = transaction(batch);
                batch.forEach(pending -> pending.done().complete(live.getOrDefault(pending.aor(), List.of())));
                return;
            } catch (SQLException e) {
                if (batch.size() > 1) {
                    LOG.debugf("A batch of %d registrations failed (%s); writing them one by one", batch.size(), e.getMessage());
                    batch.forEach(pending -> write(List.of(pending)));
                    return;
                }
                if (!DEADLOCK.equals(e.getSQLState()) || attempt == 3) {
                    batch.get(0).done().completeExceptionally(
                            new IllegalStateException("Cannot save the bindings of " + batch.get(0).aor() + ": " + e.getMessage(), e));
                    return;
                }
            } catch (RuntimeException e) {
                batch.forEach(pending -> pending.done().completeExceptionally(e));
                return;
            }
        }
    }

    /** The batch's changes in one transaction; the live bindings of its numbers after them. */
    private Map<String, List<Binding>> transaction(List<Pending> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                removals(c, batch);
                upserts(c, batch);
                Map<String, List<Binding>> live = live(c, batch);
                c.commit();
                return live;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                // Pooled connections must go back in auto-commit, or the next user's writes would never commit.
                c.setAutoCommit(true);
            }
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
        String sql = LocationStore.SELECT_BINDINGS + ", aor FROM location WHERE domain = ? AND expires > ? AND aor IN ("
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
