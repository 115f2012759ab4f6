import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Call control load on an rtpengine-compatible relay, no media: RATE calls a second for SECONDS,
 * each an ng offer and answer (plain RTP/AVP both legs) and, one second later, its delete, as a
 * SIP proxy sends them for calls held one second. One command at a time, as a proxy's single
 * control socket mostly does; cookies are unique per run (rtpengine answers a cookie it has seen
 * from its cache, whoever sends it). Reports completed calls, failed commands and the command
 * round trip p50/p99. The same tool and the same commands serve for rtpengine and media-relay.
 * Usage: java NgControlLoad.java NG_HOST:NG_PORT RATE SECONDS
 */
public class NgControlLoad {

    private static final String RUN = Long.toHexString(System.nanoTime());
    private static DatagramSocket socket;
    private static long cookie;
    private static int failed;
    private static long[] roundTrips = new long[1024];
    private static int commands;

    public static void main(String[] args) throws Exception {
        String[] ng = args[0].split(":");
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        socket = new DatagramSocket();
        socket.connect(new InetSocketAddress(ng[0], Integer.parseInt(ng[1])));
        socket.setSoTimeout(2000);
        ArrayDeque<String[]> live = new ArrayDeque<>();
        int calls = rate * seconds;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long wait = start + i * 1_000_000_000L / rate - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String callId = "ng-" + RUN + "-" + i;
            command(Map.of("command", "offer", "call-id", callId, "from-tag", "a" + i, "sdp", sdp(20000 + 2 * (i % 5000))));
            command(Map.of("command", "answer", "call-id", callId, "from-tag", "a" + i, "to-tag", "b" + i, "sdp", sdp(30000 + 2 * (i % 5000))));
            live.add(new String[] {callId, "a" + i});
            if (live.size() > rate) {
                delete(live.poll());
            }
        }
        while (!live.isEmpty()) {
            delete(live.poll());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = Arrays.copyOf(roundTrips, commands);
        Arrays.sort(sorted);
        System.out.printf("calls=%d seconds=%.1f failed_commands=%d round_trip_p50=%.3fms round_trip_p99=%.3fms%n", calls, elapsed, failed,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
    }

    private static void delete(String[] call) throws Exception {
        command(Map.of("command", "delete", "call-id", call[0], "from-tag", call[1]));
    }

    private static String sdp(int port) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";
    }

    /** Sends one command and waits for its reply; a reply that is not {@code result: ok}, or none, counts as failed. */
    private static void command(Map<String, String> fields) throws Exception {
        StringBuilder dictionary = new StringBuilder("d");
        new TreeMap<>(fields).forEach((key, value) -> dictionary.append(bencode(key)).append(bencode(value)));
        dictionary.append('e');
        String sent = RUN + "_" + (++cookie);
        long before = System.nanoTime();
        byte[] message = (sent + " " + dictionary).getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(message, message.length));
        DatagramPacket reply = new DatagramPacket(new byte[65536], 65536);
        try {
            socket.receive(reply);
        } catch (SocketTimeoutException e) {
            failed++;
            return;
        }
        if (commands == roundTrips.length) {
            roundTrips = Arrays.copyOf(roundTrips, commands * 2);
        }
        roundTrips[commands++] = System.nanoTime() - before;
        String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        if (!text.startsWith(sent + " ") || !text.contains("6:result2:ok")) {
            failed++;
        }
    }

    private static String bencode(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length + ":" + text;
    }
}
