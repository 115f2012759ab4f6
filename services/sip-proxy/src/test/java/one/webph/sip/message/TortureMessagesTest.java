package one.webph.sip.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPRequest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** SipCodec's verdict on every RFC 4475 torture message: a request, a response, a 400 or 505 to answer, or a drop. */
class TortureMessagesTest {

    static final List<TortureMessages.Message> MESSAGES = TortureMessages.ALL;

    @ParameterizedTest(name = "{0}")
    @FieldSource("MESSAGES")
    @DisplayName("the codec judges each torture message as its RFC 4475 section says")
    void judgesAsTheRfcSays(TortureMessages.Message message) {
        SipCodec.Parsed parsed = SipCodec.parse(message.bytes());
        switch (message.verdict()) {
            case REQUEST -> assertInstanceOf(SipCodec.Request.class, parsed, message.file());
            case RESPONSE -> assertInstanceOf(SipCodec.Response.class, parsed, message.file());
            case BAD_REQUEST, VERSION_NOT_SUPPORTED -> {
                SipCodec.Malformed malformed = assertInstanceOf(SipCodec.Malformed.class, parsed, message.file());
                assertEquals(message.verdict() == TortureMessages.Verdict.BAD_REQUEST ? 400 : 505, malformed.status(), malformed.reason());
                assertNotNull(malformed.request(), "answerable: " + malformed.reason());
                String answer = new String(SipCodec.encode(SipCodec.respond(malformed.request(), malformed.status(), malformed.reasonPhrase())),
                        StandardCharsets.UTF_8);
                assertTrue(answer.matches("(?is).*\r\nvia: .*\r\ncseq: .*|(?is).*\r\ncseq: .*\r\nvia: .*"),
                        "the answer carries the request's Via and CSeq:\n" + answer);
            }
            case DROPPED_RESPONSE -> assertNull(assertInstanceOf(SipCodec.Malformed.class, parsed, message.file()).request());
        }
    }

    @Test
    @DisplayName("a 400 to a request whose Via does not parse echoes the Via as written")
    void badViaIsEchoed() {
        SipCodec.Malformed malformed = (SipCodec.Malformed) SipCodec.parse(message("badinv01").bytes());
        String answer = new String(SipCodec.encode(SipCodec.respond(malformed.request(), 400, malformed.reasonPhrase())), StandardCharsets.UTF_8);
        assertTrue(answer.contains("SIP/2.0/UDP 192.0.2.15;;,;,,"), answer);
    }

    @Test
    @DisplayName("extra octets after the first message of a datagram are ignored (dblreq)")
    void onlyTheFirstMessageOfADatagram() {
        SIPRequest request = ((SipCodec.Request) SipCodec.parse(message("dblreq").bytes())).request();
        assertEquals("REGISTER", request.getMethod());
        assertEquals(0, request.getContentLength().getContentLength());
        assertNull(request.getContent());
    }

    @Test
    @DisplayName("a field the proxy does not use and that does not parse goes on as written (baddate)")
    void unusableDateIsKeptAsWritten() {
        SIPRequest request = ((SipCodec.Request) SipCodec.parse(message("baddate").bytes())).request();
        assertTrue(request.encode().contains("Date: Fri, 01 Jan 2010 16:00:00 EST"), request.encode());
    }

    @Test
    @DisplayName("every .dat file on the classpath is in the catalogue")
    void catalogueCoversEveryFile() throws IOException, URISyntaxException {
        Path folder = Path.of(TortureMessages.class.getResource("/rfc4475").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            Set<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dat"))
                    .map(n -> n.substring(0, n.length() - 4)).collect(Collectors.toSet());
            assertEquals(onDisk, MESSAGES.stream().map(TortureMessages.Message::file).collect(Collectors.toSet()));
        }
    }

    @Test
    @DisplayName("the classpath copies equal the repository's shared/testdata/rfc4475 (when the checkout has it)")
    void copiesMatchTheSharedTestData() throws IOException {
        Path shared = sharedFolder();
        Assumptions.assumeTrue(shared != null, "no shared/testdata/rfc4475 above " + Path.of("").toAbsolutePath());
        for (TortureMessages.Message message : MESSAGES) {
            assertArrayEquals(Files.readAllBytes(shared.resolve(message.file() + ".dat")), message.bytes(), message.file());
        }
    }

    /** Walks up from the module folder to the folder holding shared/testdata/rfc4475 (or its sibling ../shared). */
    private static Path sharedFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("shared/testdata/rfc4475"), dir.resolve("../shared/testdata/rfc4475"))) {
                if (Files.isDirectory(candidate)) {
                    return candidate.normalize();
                }
            }
        }
        return null;
    }

    private static TortureMessages.Message message(String file) {
        return MESSAGES.stream().filter(m -> m.file().equals(file)).findFirst().orElseThrow();
    }
}
