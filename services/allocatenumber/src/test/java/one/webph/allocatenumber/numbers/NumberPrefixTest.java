package one.webph.allocatenumber.numbers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NumberPrefixTest {

    @Test
    @DisplayName("a pool of prefix 999100 with 5 digits holds 100000 zero-padded numbers")
    void poolNumbersAreZeroPadded() {
        NumberPrefix pool = new NumberPrefix("999100", 5);
        assertEquals(100_000, pool.size());
        assertEquals("99910000042", pool.number(42));
        assertEquals("99910099999", pool.number(99_999));
        assertTrue(pool.contains("99910012345"));
        assertFalse(pool.contains("9991001234"));
        assertFalse(pool.contains("99920012345"));
    }

    @Test
    @DisplayName("prefixes that are not digits are refused")
    void badPrefixesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NumberPrefix("99x", 5));
        assertThrows(IllegalArgumentException.class, () -> new NumberPrefix("' OR 1=1", 5));
        assertThrows(IllegalArgumentException.class, () -> new NumberPrefix("999", 0));
    }
}
