package one.webph.ng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BencodeTest {

    @Test
    @DisplayName("strings, integers, lists and dictionaries round-trip")
    void roundTrips() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("command", "offer");
        value.put("flags", List.of("trust-address", "SIP-source-address"));
        value.put("sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n");
        value.put("count", 42L);
        value.put("nested", Map.of("x", List.of()));
        byte[] encoded = Bencode.encode(value);
        assertEquals(value, Bencode.decode(encoded, 0, encoded.length));
    }

    @Test
    @DisplayName("the canonical examples decode")
    void decodesExamples() {
        assertEquals("spam", decode("4:spam"));
        assertEquals(-3L, decode("i-3e"));
        assertEquals(List.of("spam", "eggs"), decode("l4:spam4:eggse"));
        assertEquals(Map.of("cow", "moo", "spam", "eggs"), decode("d3:cow3:moo4:spam4:eggse"));
        assertEquals("", decode("0:"));
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("malformed input is refused with a reason, never a crash")
    @ValueSource(strings = {"", "i12", "ie", "i1x2e", "5:abc", "l4:spam", "d3:cowe", "di1e3:mooe", "x", "4:spamextra",
            "99999999999999999999:a", "-1:a", "d3:cow3:moo"})
    void refusesMalformedInput(String text) {
        assertThrows(BencodeException.class, () -> decode(text));
    }

    @Test
    @DisplayName("hostile nesting is cut off")
    void refusesDeepNesting() {
        String deep = "l".repeat(10_000) + "e".repeat(10_000);
        assertThrows(BencodeException.class, () -> decode(deep));
    }

    static Object decode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return Bencode.decode(bytes, 0, bytes.length);
    }
}
