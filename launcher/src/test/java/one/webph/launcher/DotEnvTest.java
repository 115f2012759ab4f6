package one.webph.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DotEnvTest {

    @Test
    @DisplayName(".env lines are read as docker compose reads them")
    void readsComposeStyleLines() {
        Map<String, String> values = DotEnv.parse(List.of(
                "# a comment",
                "",
                "SIP_DOMAIN=example.org",
                "export DB_USER=webphone",
                "DB_PASSWORD=\"with # hash\"",
                "ADMIN_API_KEY='single'",
                "NUMBER_PREFIXES=999100,999200 # trailing comment",
                "EMPTY=",
                "not a line",
                "1BAD=x"));
        assertEquals("example.org", values.get("SIP_DOMAIN"));
        assertEquals("webphone", values.get("DB_USER"));
        assertEquals("with # hash", values.get("DB_PASSWORD"));
        assertEquals("single", values.get("ADMIN_API_KEY"));
        assertEquals("999100,999200", values.get("NUMBER_PREFIXES"));
        assertEquals("", values.get("EMPTY"));
        assertFalse(values.containsKey("1BAD"));
        assertEquals(6, values.size());
    }
}
