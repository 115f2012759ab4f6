import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RTP load through an rtpengine-compatible relay: sets up N calls with ng offer/answer (plain
 * RTP/AVP both ways), sends 20 ms packets (50/s) in both directions of every call for the given
 * time, and reports loss and one-way added latency through the relay. The same tool, the same ng
 * commands and the same packets serve for rtpengine and for our media-relay.
 * Streams are spread evenly over each 20 ms tick, as independent calls are, rather than sent in
 * one burst per tick: a burst of 2N packets made the last ones queue behind all the others, and
 * that queueing, not the relay, dominated the latency figures.
 * With "direct" instead of the ng address, each leg sends straight to its peer (no relay): the
 * generator's own latency at that load, to subtract from the relays' figures.
 * Usage: java RtpLoad.java NG_HOST:NG_PORT|direct CALLS SECONDS
 */
public class RtpLoad {

    static final int PAYLOAD = 160;
    static final long TICK_NANOS = 20_000_000L;

    record Leg(DatagramChannel channel, InetSocketAddress relay, int ssrc) {
    }

    public static void main(String[] args) throws Exception {
        boolean direct = args[0].equals("direct");
        int calls = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String run = Long.toHexString(System.nanoTime());

        DatagramChannel ngChannel = null;
        if (!direct) {
            String[] ng = args[0].split(":");
            ngChannel = DatagramChannel.open();
            ngChannel.connect(new InetSocketAddress(ng[0], Integer.parseInt(ng[1])));
        }
        List<Leg> legs = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            DatagramChannel caller = bind();
            DatagramChannel callee = bind();
            if (direct) {
                legs.add(new Leg(caller, new InetSocketAddress("127.0.0.1", port(callee)), 0x1000 + i));
                legs.add(new Leg(callee, new InetSocketAddress("127.0.0.1", port(caller)), 0x8000 + i));
                continue;
            }
            String callId = "bench-" + run + "-" + i;
            Map<String, Object> offer = command("offer", callId, "caller" + i, null, sdp(port(caller)));
            Map<String, Object> offered = ng(ngChannel, offer);
            Map<String, Object> answer = command("answer", callId, "caller" + i, "callee" + i, sdp(port(callee)));
            Map<String, Object> answered = ng(ngChannel, answer);
            // The offer's SDP goes to the callee: its port is where the callee sends; and the answer's to the caller.
            legs.add(new Leg(caller, new InetSocketAddress("127.0.0.1", mediaPort(answered)), 0x1000 + i));
            legs.add(new Leg(callee, new InetSocketAddress("127.0.0.1", mediaPort(offered)), 0x8000 + i));
        }

        Selector selector = Selector.open();
        for (Leg leg : legs) {
            leg.channel().configureBlocking(false);
            leg.channel().register(selector, SelectionKey.OP_READ);
        }
        long[] latencyMicros = new long[calls * 2 * 50 * (seconds + 1)];
        int[] received = {0};
        AtomicBoolean receiving = new AtomicBoolean(true);
        Thread receiver = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
            try {
                while (receiving.get()) {
                    if (selector.select(100) == 0) {
                        continue;
                    }
                    long now = System.nanoTime();
                    for (SelectionKey key : selector.selectedKeys()) {
                        DatagramChannel channel = (DatagramChannel) key.channel();
                        buffer.clear();
                        while (channel.receive(buffer) != null) {
                            buffer.flip();
                            if (buffer.remaining() >= 12 + 8 && received[0] < latencyMicros.length) {
                                latencyMicros[received[0]++] = (now - buffer.getLong(12)) / 1000;
                            }
                            buffer.clear();
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "receiver");
        receiver.start();

        ByteBuffer packet = ByteBuffer.allocateDirect(12 + PAYLOAD);
        long sent = 0;
        long ticks = seconds * 1_000_000_000L / TICK_NANOS;
        long start = System.nanoTime();
        long spacing = TICK_NANOS / legs.size();
        for (long tick = 0; tick < ticks; tick++) {
            for (int index = 0; index < legs.size(); index++) {
                Leg leg = legs.get(index);
                // Sleep rather than spin: a spinning generator would take a core from the relay.
                long wait = start + tick * TICK_NANOS + index * spacing - System.nanoTime();
                if (wait > 100_000) {
                    LockSupport.parkNanos(wait - 50_000);
                }
                packet.clear();
                packet.put((byte) 0x80).put((byte) 0).putShort((short) tick).putInt((int) (tick * 160)).putInt(leg.ssrc());
                packet.putLong(System.nanoTime());
                while (packet.position() < packet.capacity()) {
                    packet.put((byte) 0xD5);
                }
                packet.flip();
                leg.channel().send(packet, leg.relay());
                sent++;
            }
        }
        Thread.sleep(1000);
        receiving.set(false);
        receiver.join();
        for (int i = 0; i < calls && !direct; i++) {
            ng(ngChannel, command("delete", "bench-" + run + "-" + i, "caller" + i, null, null));
        }
        int n = received[0];
        long[] sorted = Arrays.copyOf(latencyMicros, n);
        Arrays.sort(sorted);
        double loss = sent == 0 ? 0 : 100.0 * (sent - n) / sent;
        System.out.printf("calls=%d sent=%d received=%d loss=%.3f%% p50=%.3fms p99=%.3fms max=%.3fms%n", calls, sent, n,
                Math.max(0, loss), n == 0 ? 0 : sorted[n / 2] / 1000.0, n == 0 ? 0 : sorted[(int) (n * 0.99)] / 1000.0,
                n == 0 ? 0 : sorted[n - 1] / 1000.0);
    }

    static DatagramChannel bind() throws Exception {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
        return channel;
    }

    static int port(DatagramChannel channel) throws Exception {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    static String sdp(int port) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=bench\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
    }

    static Map<String, Object> command(String name, String callId, String fromTag, String toTag, String sdp) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command", name);
        command.put("call-id", callId);
        command.put("from-tag", fromTag);
        if (toTag != null) {
            command.put("to-tag", toTag);
        }
        if (sdp != null) {
            command.put("sdp", sdp);
            command.put("ICE", "remove");
            command.put("transport-protocol", "RTP/AVP");
            command.put("replace", List.of("origin", "session-connection"));
        }
        return command;
    }

    /** Cookies must be unique across runs too: a relay answers a repeated cookie from its reply cache. */
    static final String COOKIE_PREFIX = Long.toHexString(System.currentTimeMillis()) + Long.toHexString(System.nanoTime() & 0xffff);
    static int cookie;

    static Map<String, Object> ng(DatagramChannel channel, Map<String, Object> command) throws Exception {
        String id = COOKIE_PREFIX + "-" + (++cookie);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((id + " ").getBytes(StandardCharsets.US_ASCII));
        encode(command, out);
        channel.write(ByteBuffer.wrap(out.toByteArray()));
        ByteBuffer reply = ByteBuffer.allocate(65536);
        channel.configureBlocking(true);
        channel.socket().setSoTimeout(5000);
        String text;
        do {
            // Skip any late reply to an earlier command: only our cookie's reply counts.
            reply.clear();
            channel.read(reply);
            reply.flip();
            text = StandardCharsets.ISO_8859_1.decode(reply).toString();
        } while (!text.startsWith(id + " "));
        int space = text.indexOf(' ');
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = (Map<String, Object>) new Decoder(text.substring(space + 1)).next();
        if (!"ok".equals(decoded.get("result"))) {
            throw new IllegalStateException(command.get("command") + " failed: " + decoded);
        }
        return decoded;
    }

    static int mediaPort(Map<String, Object> reply) {
        Object sdp = reply.get("sdp");
        if (sdp == null) {
            throw new IllegalStateException("No SDP in the reply " + reply);
        }
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher((String) sdp);
        if (!m.find()) {
            throw new IllegalStateException("No m=audio in " + reply.get("sdp"));
        }
        return Integer.parseInt(m.group(1));
    }

    static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
            out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
        } else if (value instanceof Integer i) {
            out.writeBytes(("i" + i + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(item -> encode(item, out));
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            map.forEach((k, v) -> {
                encode(k, out);
                encode(v, out);
            });
            out.write('e');
        }
    }

    /** Just enough bencode decoding for ng replies. */
    static final class Decoder {
        final String text;
        int at;

        Decoder(String text) {
            this.text = text;
        }

        Object next() {
            char c = text.charAt(at);
            if (c == 'd') {
                at++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (text.charAt(at) != 'e') {
                    String key = (String) next();
                    map.put(key, next());
                }
                at++;
                return map;
            }
            if (c == 'l') {
                at++;
                List<Object> list = new ArrayList<>();
                while (text.charAt(at) != 'e') {
                    list.add(next());
                }
                at++;
                return list;
            }
            if (c == 'i') {
                int end = text.indexOf('e', at);
                long value = Long.parseLong(text.substring(at + 1, end));
                at = end + 1;
                return value;
            }
            int colon = text.indexOf(':', at);
            int length = Integer.parseInt(text.substring(at, colon));
            String value = text.substring(colon + 1, colon + 1 + length);
            at = colon + 1 + length;
            return value;
        }
    }
}
