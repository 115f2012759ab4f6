package one.webph.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;

/** JsSIP 3.13 (the PWA's SIP library) over SIP WebSocket, in Node: register, text, lose the connection. */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
class WebSocketJsSipTest {

    static final Path HARNESS = Path.of("src/test/node");

    @Inject
    SipServer server;

    @Inject
    AgroalDataSource dataSource;

    @Test
    @DisplayName("JsSIP phones register over WebSocket, text each other; a dropped connection takes its binding along and later texts are kept")
    void jssipPhonesOverWebSocket() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String a = SubscriberRows.newNumber("3");
        String b = SubscriberRows.newNumber("4");
        rows.subscriber(a, "a-secret");
        rows.subscriber(b, "b-secret");
        JsonNode result = runPeers(a, b);

        assertTrue(result.path("error").isMissingNode(), "no error: " + result);
        assertEquals(2, result.path("registered").size(), "both registered: " + result);
        JsonNode received = result.path("received");
        assertEquals(1, received.size(), "B got exactly the first text: " + result);
        assertEquals("hola B", received.get(0).path("body").asText());
        assertEquals(a, received.get(0).path("from").asText());
        assertEquals(200, result.path("sent").get(0).path("status").asInt(), "A's first text was delivered: " + result);
        assertEquals(0, rows.count("SELECT COUNT(*) FROM location WHERE aor = ?", b), "B's binding died with its connection");
        assertEquals(202, result.path("sent").get(1).path("status").asInt(), "after B's connection dropped the text is kept: " + result);
        assertEquals(1, rows.count("SELECT COUNT(*) FROM message_store WHERE aor = ?", b), "kept for B");
    }

    private JsonNode runPeers(String a, String b) throws Exception {
        if (!Files.isDirectory(HARNESS.resolve("node_modules/jssip"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(HARNESS.toFile())
                    .redirectErrorStream(true).redirectOutput(new File("target/npm-ci-jssip.log")).start();
            assertTrue(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0, "npm ci (see target/npm-ci-jssip.log)");
        }
        ProcessBuilder builder = new ProcessBuilder("node", "--experimental-websocket", "--no-warnings", "jssip-peers.mjs")
                .directory(HARNESS.toFile()).redirectError(new File("target/jssip-peers.err"));
        builder.environment().putAll(java.util.Map.of("WS_URL", "ws://127.0.0.1:" + server.wsPort(), "SIP_DOMAIN", SubscriberRows.DOMAIN,
                "A", a, "A_PASSWORD", "a-secret", "B", b, "B_PASSWORD", "b-secret"));
        Process node = builder.start();
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the JsSIP peers finished");
        List<String> lines = new String(node.getInputStream().readAllBytes()).lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(1, lines.size(), "one result line (stderr in target/jssip-peers.err)");
        return new ObjectMapper().readTree(lines.get(0));
    }
}
