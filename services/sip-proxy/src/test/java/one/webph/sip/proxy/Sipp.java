package one.webph.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Runs sipp (Debian sip-tester) with a scenario from bench/sip, in its own folder under target/. */
final class Sipp {

    static final Path SCENARIOS = Path.of("../../bench/sip").toAbsolutePath().normalize();

    final Path work;
    final Process process;

    private Sipp(Path work, Process process) {
        this.work = work;
        this.process = process;
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Sipp start(String scenario, String injection, int localPort, String target, String... extra) throws IOException {
        return startAt("127.0.0.1", scenario, injection, localPort, target, extra);
    }

    /** sipp on another loopback address (127.0.0.0/8), to play a community server with its own address. */
    static Sipp startAt(String localIp, String scenario, String injection, int localPort, String target, String... extra) throws IOException {
        Path work = Files.createDirectories(Path.of("target/sipp/" + UUID.randomUUID()));
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", SCENARIOS.resolve(scenario).toString(), "-i", localIp,
                "-p", Integer.toString(localPort), "-t", "u1", "-m", "1", "-nostdin", "-timeout", "30s", "-recv_timeout", "10000",
                "-trace_err", "-trace_msg"));
        if (injection != null) {
            Files.writeString(work.resolve("injection.csv"), injection);
            command.addAll(List.of("-inf", "injection.csv"));
        }
        command.addAll(List.of(extra));
        if (target != null) {
            command.add(target);
        }
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(new File(work.toFile(), "sipp.log")).start();
        return new Sipp(work, process);
    }

    /** A sipp caller authenticating as {@code caller} and calling {@code callee} through the proxy at {@code proxyPort}. */
    static Sipp dial(String scenario, String caller, String password, String callee, int proxyPort) throws IOException {
        return start(scenario, "SEQUENTIAL\n" + caller + ";" + callee + ";[authentication username=" + caller + " password=" + password
                + "];" + SubscriberRows.DOMAIN + "\n", freeUdpPort(), "127.0.0.1:" + proxyPort);
    }

    int await() throws Exception {
        assertTrue(process.waitFor(40, TimeUnit.SECONDS), "sipp finished (see " + work + ")");
        return process.exitValue();
    }
}
