package one.webph.sip.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;

/** Registrations written in group-committed batches, against the real database. */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class LocationStoreTest {

    private static final String DOMAIN = "store.webphone";

    @Inject
    LocationStore store;

    @Inject
    AgroalDataSource dataSource;

    @Test
    @DisplayName("a thousand registrations at once are all committed, each answered with its own number's bindings")
    void concurrentRegistrationsAreAllCommitted() throws Exception {
        String prefix = prefix();
        List<CompletableFuture<List<Binding>>> answers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            answers.add(store.apply(prefix + i, DOMAIN, List.of(new BindingChange.Save(binding("sip:" + prefix + i + "@192.0.2.1:5060", "")))));
        }
        for (int i = 0; i < 1000; i++) {
            List<Binding> bindings = answers.get(i).get(20, TimeUnit.SECONDS);
            assertEquals(List.of("sip:" + prefix + i + "@192.0.2.1:5060"), bindings.stream().map(Binding::contact).toList());
            assertEquals(1, store.live(prefix + i, DOMAIN).size());
        }
    }

    @Test
    @DisplayName("changes to one number apply in the order they came, even when queued together")
    void oneNumberKeepsItsOrder() throws Exception {
        String number = prefix() + "1";
        String first = "sip:" + number + "@192.0.2.1:5060";
        String second = "sip:" + number + "@192.0.2.2:5060";
        CompletableFuture<List<Binding>> add = store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding(first, ""))));
        CompletableFuture<List<Binding>> addAnother = store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding(second, ""))));
        CompletableFuture<List<Binding>> removeFirst = store.apply(number, DOMAIN, List.of(new BindingChange.Remove(first)));
        CompletableFuture<List<Binding>> removeAll = store.apply(number, DOMAIN, List.of(new BindingChange.RemoveAll()));

        assertEquals(List.of(first), contacts(add));
        assertEquals(List.of(first, second), contacts(addAnother).stream().sorted().toList());
        assertEquals(List.of(second), contacts(removeFirst));
        assertEquals(List.of(), contacts(removeAll));
    }

    @Test
    @DisplayName("a device (+sip.instance) keeps one binding when its contact changes")
    void aDeviceKeepsOneBinding() throws Exception {
        String number = prefix() + "2";
        String instance = "<urn:uuid:00000000-0000-4000-8000-000000000001>";
        contacts(store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding("sip:a@192.0.2.1:5060", instance)))));
        List<String> after = contacts(store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding("sip:a@192.0.2.9:5060", instance)))));
        assertEquals(List.of("sip:a@192.0.2.9:5060"), after);
    }

    @Test
    @DisplayName("a registration the database refuses fails alone; the others in its batch are kept")
    void aBadRegistrationFailsAlone() throws Exception {
        String prefix = prefix();
        List<CompletableFuture<List<Binding>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // The contact column holds 512 characters: number 25's contact is too long for it.
            String contact = i == 25 ? "sip:" + "x".repeat(600) + "@192.0.2.1" : "sip:" + prefix + i + "@192.0.2.1:5060";
            answers.add(store.apply(prefix + i, DOMAIN, List.of(new BindingChange.Save(binding(contact, "")))));
        }
        for (int i = 0; i < 50; i++) {
            if (i == 25) {
                CompletableFuture<List<Binding>> refused = answers.get(i);
                ExecutionException error = assertThrows(ExecutionException.class, () -> refused.get(20, TimeUnit.SECONDS));
                assertTrue(error.getCause().getMessage().contains(prefix + 25), error.getCause().getMessage());
                assertEquals(0, store.live(prefix + i, DOMAIN).size());
            } else {
                assertEquals(1, answers.get(i).get(20, TimeUnit.SECONDS).size());
                assertEquals(1, store.live(prefix + i, DOMAIN).size());
            }
        }
    }

    @Test
    @DisplayName("when the database drops the writer's connection, the next registration is written on a new one")
    void aLostConnectionIsReplaced() throws Exception {
        String number = prefix() + "3";
        assertEquals(1, store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding("sip:a@192.0.2.1:5060", "")))).get(20, TimeUnit.SECONDS).size());
        int killed = 0;
        try (Connection c = dataSource.getConnection();
             ResultSet others = c.createStatement().executeQuery(
                     "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()")) {
            List<Long> ids = new ArrayList<>();
            while (others.next()) {
                ids.add(others.getLong(1));
            }
            for (long id : ids) {
                c.createStatement().execute("KILL CONNECTION " + id);
                killed++;
            }
        }
        assertTrue(killed >= 1, "the writer's connection was open");
        dataSource.flush(AgroalDataSource.FlushMode.INVALID); // The pool's own idle ones, for the tests after this one.

        List<Binding> after = store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding("sip:b@192.0.2.2:5060", ""))))
                .get(20, TimeUnit.SECONDS);
        assertEquals(List.of("sip:a@192.0.2.1:5060", "sip:b@192.0.2.2:5060"), after.stream().map(Binding::contact).sorted().toList());
        store.written().get(20, TimeUnit.SECONDS);
        assertEquals(2, rows(number).size(), "written on a new connection");
    }

    @Test
    @DisplayName("a committed number is routed from memory: no query, and a closed connection's bindings go from memory too")
    void committedBindingsAreServedFromMemory() throws Exception {
        String number = prefix() + "4";
        assertFalse(store.isCached(number, DOMAIN));
        contacts(store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding("sip:a@192.0.2.1:5060", "")))));
        assertTrue(store.isCached(number, DOMAIN));
        try (Connection c = dataSource.getConnection()) {
            // Behind the store's back: a lookup that went to the database would now find nothing.
            c.createStatement().executeUpdate("DELETE FROM location WHERE aor = '" + number + "'");
        }
        assertEquals(List.of("sip:a@192.0.2.1:5060"), store.live(number, DOMAIN).stream().map(Binding::contact).toList());
        store.removeFlow("UDP", "192.0.2.1:5060");
        assertEquals(List.of(), store.live(number, DOMAIN));
    }

    @Test
    @DisplayName("a number looked up once is known afterwards, with the bindings the database had")
    void aLookupFillsTheCache() throws Exception {
        String number = prefix() + "5";
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().executeUpdate("INSERT INTO location (aor, domain, contact, received, transport, expires) VALUES ('"
                    + number + "', '" + DOMAIN + "', 'sip:x@192.0.2.7:5060', '192.0.2.7:5060', 'UDP', NOW() + INTERVAL 10 MINUTE)");
        }
        assertEquals(List.of("sip:x@192.0.2.7:5060"), store.live(number, DOMAIN).stream().map(Binding::contact).toList());
        assertTrue(store.isCached(number, DOMAIN));
    }

    @Test
    @DisplayName("the bindings a registration is answered with from memory are the rows the table holds once it is written")
    void theAnswerFromMemoryMatchesTheTable() throws Exception {
        String number = prefix() + "6";
        String[] contacts = {"sip:a@192.0.2.1:5060", "sip:b@192.0.2.2:5060", "sip:c@192.0.2.3:5060"};
        String[] instances = {"", "<urn:uuid:00000000-0000-4000-8000-00000000000a>", "<urn:uuid:00000000-0000-4000-8000-00000000000b>"};
        java.util.Random random = new java.util.Random(7);
        contacts(store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding(contacts[0], instances[0])))));
        assertTrue(store.isCached(number, DOMAIN));
        for (int step = 0; step < 60; step++) {
            List<BindingChange> changes = new ArrayList<>();
            int kind = random.nextInt(10);
            if (kind == 0) {
                changes.add(new BindingChange.RemoveAll());
            } else {
                for (int i = 0; i <= random.nextInt(2); i++) {
                    String contact = contacts[random.nextInt(contacts.length)];
                    changes.add(kind < 3 ? new BindingChange.Remove(contact)
                            : new BindingChange.Save(binding(contact, instances[random.nextInt(instances.length)], step + 2)));
                }
            }
            List<Binding> answer = store.apply(number, DOMAIN, changes).get(20, TimeUnit.SECONDS);
            store.written().get(20, TimeUnit.SECONDS);
            assertEquals(rows(number), answer.stream().map(Binding::toString).sorted().toList(), "after step " + step + ": " + changes);
        }
    }

    @Test
    @DisplayName("a refresh within the slack (30 s) is answered from memory and written only when it falls behind, or at a stop")
    void aRefreshWithinTheSlackIsWrittenLater() throws Exception {
        String number = prefix() + "9";
        String contact = "sip:r@192.0.2.1:5060";
        contacts(store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding(contact, "", 1, 600)))));
        List<String> written = rows(number);

        List<Binding> answer = store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding(contact, "", 2, 610)))).get();
        store.written().get(20, TimeUnit.SECONDS);
        assertEquals(2, answer.get(0).cseq());
        assertEquals(written, rows(number), "10 s past the written expiry: the table keeps its row");

        answer = store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding(contact, "", 3, 640)))).get();
        store.written().get(20, TimeUnit.SECONDS);
        assertEquals(answer.stream().map(Binding::toString).toList(), rows(number), "40 s past it: written");

        answer = store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding(contact, "", 4, 650)))).get();
        store.writeUnwrittenRefreshes();
        store.written().get(20, TimeUnit.SECONDS);
        assertEquals(answer.stream().map(Binding::toString).toList(), rows(number), "what a stop writes");
    }

    @Test
    @DisplayName("a number whose bindings are in memory is answered before its commit; a new number waits for its own")
    void aKnownNumberIsAnsweredBeforeItsCommit() throws Exception {
        String known = prefix() + "7";
        String fresh = prefix() + "8";
        contacts(store.apply(known, DOMAIN, List.of(new BindingChange.Save(binding("sip:a@192.0.2.1:5060", "")))));
        CompletableFuture<List<Binding>> refresh;
        CompletableFuture<List<Binding>> first;
        try (Connection lock = dataSource.getConnection()) {
            // Another transaction holds the known number's row: the writer's next commit waits for it.
            lock.setAutoCommit(false);
            lock.createStatement().executeQuery("SELECT id FROM location WHERE aor = '" + known + "' FOR UPDATE").close();
            refresh = store.apply(known, DOMAIN, List.of(new BindingChange.Save(binding("sip:a@192.0.2.1:5060", "", 2))));
            assertTrue(refresh.isDone(), "answered from memory");
            assertEquals(List.of(2L), refresh.get().stream().map(Binding::cseq).toList());
            first = store.apply(fresh, DOMAIN, List.of(new BindingChange.Save(binding("sip:f@192.0.2.1:5060", ""))));
            Thread.sleep(300);
            assertFalse(first.isDone(), "a new number is answered after its commit, which waits behind the held row");
            lock.rollback();
        }
        assertEquals(List.of("sip:f@192.0.2.1:5060"), contacts(first));
        store.written().get(20, TimeUnit.SECONDS);
        assertEquals(refresh.get().stream().map(Binding::toString).toList(), rows(known));
    }

    @Test
    @DisplayName("a registration answered just before its connection closed is not written back after the removal")
    void aClosedConnectionsLastRegistrationStaysRemoved() throws Exception {
        String number = prefix() + "9";
        contacts(store.apply(number, DOMAIN, List.of(new BindingChange.Save(overTcp(1)))));
        CompletableFuture<Integer> removal;
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().executeQuery("SELECT id FROM location WHERE aor = '" + number + "' FOR UPDATE").close();
            assertTrue(store.apply(number, DOMAIN, List.of(new BindingChange.Save(overTcp(2)))).isDone());
            removal = CompletableFuture.supplyAsync(() -> store.removeFlow("TCP", "192.0.2.5:40000"));
            Thread.sleep(300);
            assertEquals(List.of(), store.live(number, DOMAIN), "gone from memory at once");
            assertFalse(removal.isDone(), "the table's removal waits for the registration written behind");
            lock.rollback();
        }
        assertEquals(1, removal.get(20, TimeUnit.SECONDS));
        assertEquals(List.of(), rows(number));
    }

    @Test
    @DisplayName("a registration answered from memory that the table then refuses keeps working from memory; the table keeps what it had")
    void aRefusedWriteBehindKeepsTheAnswer() throws Exception {
        String number = prefix() + "0";
        contacts(store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding("sip:a@192.0.2.1:5060", "")))));
        List<String> before = rows(number);
        // Longer than the contact column: the registrar refuses such a contact before this point.
        String tooLong = "sip:" + "x".repeat(600) + "@192.0.2.1";
        List<Binding> answer = store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding(tooLong, "")))).get(1, TimeUnit.SECONDS);
        assertEquals(2, answer.size());
        store.written().get(20, TimeUnit.SECONDS);
        assertEquals(before, rows(number));
        assertEquals(2, store.live(number, DOMAIN).size());
    }

    @Test
    @DisplayName("a number not in memory is checked for order against the table: an older REGISTER fails and the row stays")
    void anOlderRegisterOfANumberNotInMemoryFails() throws Exception {
        String number = prefix() + "5";
        try (Connection c = dataSource.getConnection(); java.sql.PreparedStatement s = c.prepareStatement(
                "INSERT INTO location (aor, domain, contact, received, call_id, cseq, user_agent, expires)"
                        + " VALUES (?, ?, 'sip:a@192.0.2.1:5060', '192.0.2.1:5060', 'call-id', 5, 'test', NOW() + INTERVAL 10 MINUTE)")) {
            s.setString(1, number);
            s.setString(2, DOMAIN);
            s.executeUpdate();
        }
        assertFalse(store.isCached(number, DOMAIN), "written by another proxy before this one started");
        List<String> before = rows(number);
        CompletableFuture<List<Binding>> older = store.apply(number, DOMAIN, List.of(new BindingChange.Save(binding("sip:a@192.0.2.1:5060", "", 4))));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> older.get(20, TimeUnit.SECONDS));
        assertInstanceOf(OutOfOrderRegistration.class, failure.getCause());
        assertEquals(before, rows(number));
        assertEquals(List.of("sip:a@192.0.2.1:5060"), contacts(store.apply(number, DOMAIN,
                List.of(new BindingChange.Save(binding("sip:a@192.0.2.1:5060", "", 6))))), "a newer one goes through");
        assertTrue(rows(number).get(0).contains("cseq=6"), rows(number).toString());
    }

    /** The number's unexpired rows, read straight from the table. */
    private List<String> rows(String number) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             java.sql.PreparedStatement s = c.prepareStatement(LocationStore.SELECT_BINDINGS + " FROM location WHERE aor = ? AND domain = ? AND expires > NOW(3)")) {
            s.setString(1, number);
            s.setString(2, DOMAIN);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(LocationStore.binding(r).toString());
                }
            }
        }
        return rows.stream().sorted().toList();
    }

    private static List<String> contacts(CompletableFuture<List<Binding>> answer) throws Exception {
        return answer.get(20, TimeUnit.SECONDS).stream().map(Binding::contact).toList();
    }

    private static Binding binding(String contact, String instance) {
        return binding(contact, instance, 1);
    }

    /** Expiring on a whole second, as the registrar makes it and the table keeps it, so the two compare equal. */
    /** Each CSeq a minute later, so a refresh moves its expiry past the slack and is written. */
    private static Binding binding(String contact, String instance, long cseq) {
        return binding(contact, instance, cseq, 600 + 60 * cseq);
    }

    private static Binding binding(String contact, String instance, long cseq, long seconds) {
        return new Binding(contact, instance, 0, "192.0.2.1:5060", "UDP",
                Instant.now().plusSeconds(seconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), "", "", "", "call-id", cseq, "test", "");
    }

    private static Binding overTcp(long cseq) {
        return new Binding("sip:t@192.0.2.5:40000;transport=tcp", "", 0, "192.0.2.5:40000", "TCP",
                Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), "", "", "", "call-id", cseq, "test", "");
    }

    private static String prefix() {
        return "6" + (100000 + (int) (Math.random() * 899999));
    }
}
