package one.webph.sip.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A REGISTER's changes worked out in memory the way the location table's statements apply them. */
class BindingChangeTest {

    private static final String PHONE = "<urn:uuid:00000000-0000-4000-8000-000000000001>";

    @Test
    @DisplayName("a new contact is added beside the others")
    void aNewContactIsAdded() {
        List<Binding> after = BindingChange.applyAll(List.of(binding("sip:a@192.0.2.1", "", 1)), List.of(save("sip:b@192.0.2.2", "", 1)));
        assertEquals(List.of("sip:a@192.0.2.1", "sip:b@192.0.2.2"), contacts(after));
    }

    @Test
    @DisplayName("a refresh replaces the binding's details in place")
    void aRefreshReplacesInPlace() {
        List<Binding> after = BindingChange.applyAll(List.of(binding("sip:a@192.0.2.1", "", 1), binding("sip:b@192.0.2.2", "", 1)),
                List.of(save("sip:a@192.0.2.1", "", 2)));
        assertEquals(List.of("sip:a@192.0.2.1", "sip:b@192.0.2.2"), contacts(after));
        assertEquals(2, after.get(0).cseq());
    }

    @Test
    @DisplayName("a device that registers a new contact keeps one binding")
    void aDeviceKeepsOneBinding() {
        List<Binding> after = BindingChange.applyAll(List.of(binding("sip:a@192.0.2.1", PHONE, 1), binding("sip:c@192.0.2.3", "", 1)),
                List.of(save("sip:a@192.0.2.9", PHONE, 2)));
        assertEquals(List.of("sip:c@192.0.2.3", "sip:a@192.0.2.9"), contacts(after));
    }

    @Test
    @DisplayName("the same contact from another device is another binding")
    void anotherDeviceIsAnotherBinding() {
        List<Binding> after = BindingChange.applyAll(List.of(binding("sip:a@192.0.2.1", PHONE, 1)), List.of(save("sip:a@192.0.2.1", "", 1)));
        assertEquals(2, after.size());
    }

    @Test
    @DisplayName("expires 0 removes that contact, and a wildcard removes them all")
    void removals() {
        List<Binding> two = List.of(binding("sip:a@192.0.2.1", "", 1), binding("sip:b@192.0.2.2", "", 1));
        assertEquals(List.of("sip:b@192.0.2.2"), contacts(BindingChange.applyAll(two, List.of(new BindingChange.Remove("sip:a@192.0.2.1")))));
        assertEquals(List.of(), BindingChange.applyAll(two, List.of(new BindingChange.RemoveAll())));
    }

    @Test
    @DisplayName("removals come before saves, whatever their order in the REGISTER, as in the table's statements")
    void removalsComeFirst() {
        List<Binding> after = BindingChange.applyAll(List.of(),
                List.of(save("sip:a@192.0.2.1", "", 1), new BindingChange.Remove("sip:a@192.0.2.1")));
        assertEquals(List.of("sip:a@192.0.2.1"), contacts(after));
    }

    @Test
    @DisplayName("contacts alike in their first 255 characters are one binding, as the table's unique key has it")
    void theKeyIsTheContactsFirst255Characters() {
        String common = "sip:" + "x".repeat(260);
        List<Binding> after = BindingChange.applyAll(List.of(binding(common + "@192.0.2.1", "", 1)), List.of(save(common + "@192.0.2.2", "", 2)));
        assertEquals(List.of(common + "@192.0.2.1"), contacts(after));
        assertEquals(2, after.get(0).cseq());
    }

    @Test
    @DisplayName("a refresh keeps the strings it already holds and takes those that changed")
    void aRefreshKeepsTheStringsItHolds() {
        Binding held = binding("sip:a@192.0.2.1", "", 1);
        Binding refresh = new Binding(new String("sip:a@192.0.2.1"), "", 0, new String("192.0.2.1:5060"), new String("UDP"),
                Instant.now().plusSeconds(600), "", "", "", new String("call"), 2, "softphone/2", "");
        Binding after = BindingChange.applyAll(List.of(held), List.of(new BindingChange.Save(refresh))).get(0);
        assertSame(held.received(), after.received());
        assertSame(held.transport(), after.transport());
        assertSame(held.callId(), after.callId());
        assertEquals("softphone/2", after.userAgent());
        assertEquals(2, after.cseq());
        assertEquals(refresh.expires(), after.expires());
    }

    @Test
    @DisplayName("a REGISTER is out of order when a binding it touches has its Call-ID and a CSeq at least as high (RFC 3261 10.3)")
    void aRegisterOlderThanItsBindingIsOutOfOrder() {
        List<Binding> before = List.of(binding("sip:a@192.0.2.1", "", 5), binding("sip:b@192.0.2.2", "", 1));
        assertTrue(BindingChange.outOfOrder(before, List.of(save("sip:a@192.0.2.1", "", 4))), "a lower CSeq");
        assertTrue(BindingChange.outOfOrder(before, List.of(save("sip:a@192.0.2.1", "", 5))), "the same CSeq again");
        assertTrue(BindingChange.outOfOrder(before, List.of(new BindingChange.Remove("sip:a@192.0.2.1", "call", 3))));
        assertTrue(BindingChange.outOfOrder(before, List.of(new BindingChange.RemoveAll("call", 4))), "the wildcard touches every binding");
        assertFalse(BindingChange.outOfOrder(before, List.of(save("sip:a@192.0.2.1", "", 6))), "newer");
        assertFalse(BindingChange.outOfOrder(before, List.of(save("sip:b@192.0.2.2", "", 2))), "newer than the binding it touches");
        assertFalse(BindingChange.outOfOrder(before, List.of(new BindingChange.Save(new Binding("sip:a@192.0.2.1", "", 0, "192.0.2.1:5060",
                "UDP", Instant.now().plusSeconds(600), "", "", "", "another call", 1, "", "")))), "another Call-ID replaces the binding");
        assertFalse(BindingChange.outOfOrder(before, List.of(new BindingChange.Remove("sip:a@192.0.2.1"))), "not from a REGISTER");
        assertFalse(BindingChange.outOfOrder(before, List.of(save("sip:c@192.0.2.3", "", 1))), "touches nothing");
    }

    private static BindingChange save(String contact, String instance, long cseq) {
        return new BindingChange.Save(binding(contact, instance, cseq));
    }

    private static Binding binding(String contact, String instance, long cseq) {
        return new Binding(contact, instance, 0, "192.0.2.1:5060", "UDP", Instant.now().plusSeconds(600), "", "", "", "call", cseq, "", "");
    }

    private static List<String> contacts(List<Binding> bindings) {
        return bindings.stream().map(Binding::contact).toList();
    }
}
