package one.webph.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The raw-text checks accept what everyday phones send and refuse only what the grammar forbids. */
class SyntaxCheckTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "From: \"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=1",
            "From: Alice Liddell <sip:alice@example.com>;tag=1",
            "From: sip:alice@example.com;tag=1",
            "To: <sip:bob@example.com?Subject=hi>",
            "Contact: *",
            "Contact: <sip:a@192.0.2.1?Route=%3Csip:b%3E>, sip:c@192.0.2.2",
            "To: sip:what?user@example.com",
            "Expires: 3600 ~ Subject: twice ~ Subject: is fine",
            "CSeq: 2147483647 OPTIONS",
            "CSeq: 7\tOPTIONS"})
    void acceptsWhatTheGrammarAllows(String field) {
        assertEquals(Optional.empty(), check("OPTIONS sip:bob@example.com SIP/2.0", field));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "OPTIONS sip:bob@example.com SIP/2.1|To: <sip:bob@example.com>|505",
            "OPTIONS sip:bob@example.com HTTP/1.1|To: <sip:bob@example.com>|400",
            "OPTIONS sip:bob@example.com?Route=x SIP/2.0|To: <sip:bob@example.com>|400",
            "OPTIONS sip:bob@example.com SIP/2.0|CSeq: 2147483648 OPTIONS|400",
            "OPTIONS sip:bob@example.com SIP/2.0|CSeq: 12a OPTIONS|400",
            "OPTIONS sip:bob@example.com SIP/2.0|CSeq:  OPTIONS|400",
            "OPTIONS sip:bob@example.com SIP/2.0|Contact: sip:a@192.0.2.1?Route=x|400",
            "OPTIONS sip:bob@example.com SIP/2.0|Max-Forwards: 70 ~ max-forwards: 69|400",
            "OPTIONS  sip:bob@example.com SIP/2.0|To: <sip:bob@example.com>|400",
            "'OPTIONS sip:bob@example.com SIP/2.0 '|To: <sip:bob@example.com>|400",
            "OPTIONS 1sip:bob@example.com SIP/2.0|To: <sip:bob@example.com>|400",
            "OPTIONS bob@example.com SIP/2.0|To: <sip:bob@example.com>|400",
            "OPTIONS sip:bob@example.com SIP/2.0|To: < sip:bob@example.com>|400",
            "OPTIONS sip:bob@example.com SIP/2.0|To: Bob (home) <sip:bob@example.com>|400"})
    void refusesWhatItForbids(String startLine, String field, int status) {
        Optional<SyntaxCheck.Problem> problem = check(startLine, field);
        assertTrue(problem.isPresent());
        assertEquals(status, problem.get().status(), problem.get().reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "\u0085"})
    void aLineTerminatorInsideTheRequestUriIsRefused(String terminator) {
        Optional<SyntaxCheck.Problem> problem = check("OPTIONS sip:bob@exa" + terminator + "mple.com SIP/2.0", "To: <sip:bob@example.com>");
        assertEquals(400, problem.orElseThrow().status());
    }

    @org.junit.jupiter.api.Test
    void foldedLinesAreOneFieldAndTheBodyStartsAfterTheBlankLine() {
        byte[] bytes = ("\r\nOPTIONS sip:bob@example.com SIP/2.0\r\nSubject: one\r\n two\r\n\tthree \r\nv: SIP/2.0/UDP h\nCall-ID:x\r\n\r\nbody")
                .getBytes(StandardCharsets.ISO_8859_1);
        RawMessage raw = RawMessage.split(bytes);
        assertEquals("OPTIONS sip:bob@example.com SIP/2.0", raw.startLine());
        assertEquals(java.util.List.of(new RawMessage.Field("subject", "one two three"), new RawMessage.Field("via", "SIP/2.0/UDP h"),
                new RawMessage.Field("call-id", "x")), raw.fields());
        assertEquals("body", new String(bytes, raw.bodyOffset(), bytes.length - raw.bodyOffset(), StandardCharsets.ISO_8859_1));
    }

    /** {@code fields}: header lines separated by " ~ ". */
    private static Optional<SyntaxCheck.Problem> check(String startLine, String fields) {
        byte[] bytes = (startLine + "\r\n" + fields.replace(" ~ ", "\r\n") + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return SyntaxCheck.check(RawMessage.split(bytes), bytes.length);
    }
}
