package one.webph.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainGrammarTest {

    @ParameterizedTest
    @ValueSource(strings = {"bench.local", "127.0.0.1", "8fmr2v3mvc9a.invalid", "a", "x-1.example.org", "0.0.0.0", "255.255.255.255"})
    void plainHostsAreReadToTheirEnd(String host) {
        assertEquals(host.length(), PlainGrammar.host(host, 0, host.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "example.123", "-a.example", "a-.example", "a..b", "[::1]", ""})
    void hostsOutsideThePlainFormsAreNot(String host) {
        assertTrue(PlainGrammar.host(host, 0, host.length()) != host.length(), host);
    }

    @Test
    void portsAreOneTo65535() {
        assertEquals(6, PlainGrammar.port(":65535", 0, 6));
        assertEquals(-1, PlainGrammar.port(":65536", 0, 6));
        assertEquals(-1, PlainGrammar.port(":0", 0, 2));
        assertEquals(-1, PlainGrammar.port(":123456", 0, 7));
    }

    @Test
    void anAddressTellsWhereItsParametersBeginAndWhetherOneIsATag() {
        String to = "\"Ana B\" <sip:100@webphone.test;transport=ws>;x=\"<a;tag=1>\";TAG=9";
        int parameters = PlainGrammar.address(to);
        assertEquals(to.indexOf(">;x=") + 1, parameters);
        assertTrue(PlainGrammar.hasTag(to, parameters, to.length()), "the quoted value's tag is not one, TAG=9 is");
        String untagged = "Ana <sip:100@webphone.test>;x=\"<a;tag=1>\"";
        assertFalse(PlainGrammar.hasTag(untagged, PlainGrammar.address(untagged), untagged.length()));
        assertEquals(-1, PlainGrammar.address("* <sip:100@webphone.test>"), "a Contact parser reads '*' as the wildcard");
        assertEquals(-1, PlainGrammar.address("sip:100@webphone.test"), "an addr-spec without <> is left to the parser");
        assertEquals(-1, PlainGrammar.address("Ana  <sip:100@webphone.test>"), "two spaces");
    }

    @Test
    void contactsAreOneOrMoreAddressesSeparatedByCommas() {
        assertTrue(PlainGrammar.contacts("<sip:a@192.0.2.1>;q=0.5, <sip:b@192.0.2.2:5062>;+sip.instance=\"<urn:uuid:1>\""));
        assertFalse(PlainGrammar.contacts("<sip:a@192.0.2.1>,"));
        assertFalse(PlainGrammar.contacts("*"));
    }
}
