package one.webph.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import one.webph.testing.database.TestDatabaseResource;

/** sipvicious' svcrack (Debian sipvicious), the usual SIP password cracker, against the registrar. */
@QuarkusTest
@QuarkusTestResource(value = TestDatabaseResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OwnProxyInstance.class, restrictToAnnotatedClass = true)
class BruteForceTest {

    @Inject
    SipServer server;

    @Inject
    AgroalDataSource dataSource;

    @Test
    @DisplayName("svcrack is banned within a few tries and never finds the password; a legitimate phone keeps registering")
    void svcrackIsStopped() throws Exception {
        SubscriberRows rows = new SubscriberRows(dataSource);
        String victim = SubscriberRows.newNumber("8");
        rows.subscriber(victim, "correct-horse-42");
        Path work = Files.createDirectories(Path.of("target/svcrack"));
        List<String> guesses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            guesses.add("guess-" + i);
        }
        guesses.add("correct-horse-42"); // The 41st guess would be right.
        Files.write(work.resolve("dictionary.txt"), guesses);

        // svcrack 0.3.3 ignores its binding address (-b): it sends from 127.0.0.1, which this class's
        // own proxy instance may ban without harming the other tests.
        Process svcrack = new ProcessBuilder("svcrack", "-u", victim, "-d", "dictionary.txt", "-t", "0.05",
                "udp://127.0.0.1:" + server.udpPort())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(new File(work.toFile(), "svcrack.log")).start();
        assertTrue(svcrack.waitFor(120, TimeUnit.SECONDS), "svcrack gave up (see target/svcrack/svcrack.log)");
        String report = Files.readString(work.resolve("svcrack.log"));
        assertFalse(report.contains("correct-horse-42"), "svcrack did not find the password: " + report);

        try (WakingPhone attacker = new WakingPhone(server.udpPort(), victim, "127.0.0.1")) {
            assertEquals(0, attacker.tryRegister("correct-horse-42"), "the attacker's address is banned: no answer at all");
        }
        try (WakingPhone phone = new WakingPhone(server.udpPort(), victim, "127.0.0.8")) {
            phone.register("correct-horse-42"); // The real phone, from its own address, registers as usual.
        }
    }
}
