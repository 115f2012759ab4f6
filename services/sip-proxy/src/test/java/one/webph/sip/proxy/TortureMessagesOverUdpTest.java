package one.webph.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import one.webph.sip.message.SipCodec;
import one.webph.sip.message.TortureMessages;
import one.webph.testing.database.TestDatabaseResource;

/**
 * Each RFC 4475 torture message as one UDP datagram to the running proxy: the final answer (or
 * none, for responses), and the server still answering OPTIONS afterwards.
 */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class TortureMessagesOverUdpTest {

    static final List<TortureMessages.Message> MESSAGES = TortureMessages.ALL;

    /** Well-formed requests the RFC (or RFC 3261 §16.3) says a proxy answers with a given status. */
    private static final Map<String, Integer> PROXY_ANSWERS = Map.of(
            "unkscm", 416, "novelsc", 416, // §3.3.2, §3.3.3: Unsupported URI Scheme
            "bext01", 420, // §3.3.5: Bad Extension, listing the Proxy-Require tags
            "zeromf", 483); // §3.3.11: Too Many Hops

    @Inject
    SipServer server;

    @ParameterizedTest(name = "{0}")
    @FieldSource("MESSAGES")
    @DisplayName("the proxy answers each torture message as RFC 4475 says and goes on serving")
    void answersAsTheRfcSays(TortureMessages.Message message) throws Exception {
        try (RawSipClient client = new RawSipClient("127.0.0.1", server.udpPort())) {
            client.send(asOwnTransaction(message));
            String answer = client.finalResponse();
            int status = RawSipClient.status(answer);
            switch (message.verdict()) {
                case BAD_REQUEST -> assertEquals(400, status, answer);
                case VERSION_NOT_SUPPORTED -> assertEquals(505, status, answer);
                case RESPONSE, DROPPED_RESPONSE -> assertNull(answer, "a response is never answered");
                case REQUEST -> {
                    Integer expected = PROXY_ANSWERS.get(message.file());
                    if (expected != null) {
                        assertEquals(expected, status, answer);
                    } else {
                        assertTrue(status >= 200 && status < 500 && status != 400, "the proxy's own decision, not an error: " + answer);
                    }
                }
            }
            if ("bext01".equals(message.file())) {
                String unsupported = answer.lines().filter(l -> l.startsWith("Unsupported:")).collect(Collectors.joining(","));
                assertTrue(unsupported.contains("noProxiesSupportThis") && unsupported.contains("norDoAnyProxiesSupportThis"), answer);
            }
        }
        stillAnswersOptions();
    }

    /**
     * The RFC's messages reuse branch values (cparam01 and cparam02, unkscm and novelsc, wsinv and
     * wsinvFixed...): sent in one run, a later one would be a retransmission of an earlier one (RFC
     * 3261 §17.2.3), answered on the earlier one's socket. A suffix to the top Via's branch makes
     * each its own transaction; the bare magic cookie of badbranch stays as it is.
     */
    private static byte[] asOwnTransaction(TortureMessages.Message message) {
        String text = new String(message.bytes(), StandardCharsets.ISO_8859_1);
        if (text.startsWith("SIP/")) {
            return message.bytes();
        }
        int start = text.toLowerCase(Locale.ROOT).indexOf("branch=");
        if (start < 0) {
            return message.bytes();
        }
        start += "branch=".length();
        int end = start;
        while (end < text.length() && ";, \t\r\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        if (!text.substring(start, end).equals("z9hG4bK")) {
            text = text.substring(0, end) + "." + message.file() + RUN + text.substring(end);
        }
        // Without the magic cookie the Call-ID stands in for the branch (wsinv, wsinvFixed).
        if (SipCodec.parse(message.bytes()) instanceof SipCodec.Request request) {
            String callId = request.request().getCallId().getCallId();
            text = text.replaceFirst(Pattern.quote(callId), Matcher.quoteReplacement(callId + "." + message.file() + RUN));
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Another run within a transaction's lifetime in the same server must not meet this one's transactions either. */
    private static final String RUN = Long.toString(System.nanoTime() % 100_000);

    private void stillAnswersOptions() throws Exception {
        try (RawSipClient client = new RawSipClient("127.0.0.1", server.udpPort())) {
            client.send(client.request("OPTIONS", "monitor", "", "").replace("sip:@", "sip:"));
            assertEquals(200, RawSipClient.status(client.finalResponse()), "the server still answers");
        }
    }
}
