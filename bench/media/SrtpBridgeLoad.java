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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import one.webph.ng.NgMessage;
import one.webph.relay.dtls.FakeBrowser;
import one.webph.relay.srtp.SrtpContext;

/**
 * SRTP <-> RTP bridge load through media-relay: N calls, each a browser-like leg (ICE check,
 * DTLS-SRTP handshake, SRTP with rtcp-mux; media-relay's own test FakeBrowser) and a plain RTP
 * leg, set up with the same ng offer/answer a SIP proxy sends for a WebRTC client; then 20 ms
 * packets (172 bytes of RTP before SRTP) both ways for the given time. Reports loss and one-way
 * latency through the relay, like RtpLoad. The generator encrypts and decrypts its side too, on
 * the same cores as the relay: capacity figures are lower bounds.
 * Usage (classpath: media-relay's classes, test classes and dependencies):
 *   java -cp CP SrtpBridgeLoad.java NG_HOST:NG_PORT CALLS SECONDS
 */
public class SrtpBridgeLoad {

    static final int PAYLOAD = 160;
    static final long TICK_NANOS = 20_000_000L;

    record Call(FakeBrowser browser, DatagramChannel phone, InetSocketAddress phoneSide, int ssrc) {
    }

    public static void main(String[] args) throws Exception {
        String[] ng = args[0].split(":");
        InetSocketAddress control = new InetSocketAddress(ng[0], Integer.parseInt(ng[1]));
        int count = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String run = Long.toHexString(System.nanoTime());
        DatagramChannel ngChannel = DatagramChannel.open();
        ngChannel.connect(control);

        long setupStart = System.nanoTime();
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FakeBrowser browser = new FakeBrowser();
            DatagramChannel phone = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            phone.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
            String callId = "srtp-bench-" + run + "-" + i;
            Map<String, Object> offer = command("offer", callId, "browser" + i, null);
            offer.put("sdp", browser.offer());
            offer.put("transport-protocol", "RTP/AVP");
            offer.put("ICE", "remove");
            offer.put("rtcp-mux", List.of("demux"));
            Map<String, Object> offered = ng(ngChannel, offer);
            Map<String, Object> answer = command("answer", callId, "browser" + i, "phone" + i);
            answer.put("sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=bench\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
                    + ((InetSocketAddress) phone.getLocalAddress()).getPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n");
            String towardBrowser = (String) ng(ngChannel, answer).get("sdp");
            InetSocketAddress browserSide = new InetSocketAddress("127.0.0.1", mediaPort(towardBrowser));
            if (browser.check(browserSide, attr(towardBrowser, "ice-ufrag"), attr(towardBrowser, "ice-pwd")) == null) {
                throw new IllegalStateException("no answer to the ICE check of call " + i);
            }
            browser.handshake(attr(towardBrowser, "fingerprint"));
            calls.add(new Call(browser, phone, new InetSocketAddress("127.0.0.1", mediaPort((String) offered.get("sdp"))), 0x2000 + i));
        }
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

        Selector selector = Selector.open();
        for (Call call : calls) {
            call.browser().channel().configureBlocking(false);
            call.browser().channel().register(selector, SelectionKey.OP_READ, call.browser().inbound());
            call.phone().configureBlocking(false);
            call.phone().register(selector, SelectionKey.OP_READ, null);
        }
        long[] latencyMicros = new long[count * 2 * 50 * (seconds + 1)];
        int[] received = {0};
        AtomicBoolean receiving = new AtomicBoolean(true);
        Thread receiver = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            try {
                while (receiving.get()) {
                    if (selector.select(100) == 0) {
                        continue;
                    }
                    long now = System.nanoTime();
                    for (SelectionKey key : selector.selectedKeys()) {
                        DatagramChannel channel = (DatagramChannel) key.channel();
                        SrtpContext inbound = (SrtpContext) key.attachment();
                        buffer.clear();
                        while (channel.receive(buffer) != null) {
                            int length = buffer.position();
                            byte[] bytes = buffer.array();
                            int first = bytes[0] & 0xFF;
                            boolean media = first >= 128 && first <= 191;
                            if (media && inbound != null) {
                                length = inbound.unprotectRtp(bytes, 0, length);
                            }
                            if (media && length >= 20 && received[0] < latencyMicros.length) {
                                latencyMicros[received[0]++] = (now - ByteBuffer.wrap(bytes).getLong(12)) / 1000;
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

        byte[] packet = new byte[12 + PAYLOAD + SrtpContext.MAX_OVERHEAD];
        ByteBuffer wrapped = ByteBuffer.wrap(packet);
        long sent = 0;
        long ticks = seconds * 1_000_000_000L / TICK_NANOS;
        long start = System.nanoTime();
        for (long tick = 0; tick < ticks; tick++) {
            long due = start + tick * TICK_NANOS;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
                if (due - System.nanoTime() > 2_000_000) {
                    Thread.sleep(1);
                }
            }
            for (Call call : calls) {
                fill(wrapped, tick, call.ssrc());
                int length = call.browser().outbound().protectRtp(packet, 0, 12 + PAYLOAD);
                call.browser().channel().send(ByteBuffer.wrap(packet, 0, length), call.browser().relay());
                fill(wrapped, tick, call.ssrc() + 0x10000);
                call.phone().send(ByteBuffer.wrap(packet, 0, 12 + PAYLOAD), call.phoneSide());
                sent += 2;
            }
        }
        Thread.sleep(1000);
        receiving.set(false);
        receiver.join();
        for (int i = 0; i < count; i++) {
            ng(ngChannel, command("delete", "srtp-bench-" + run + "-" + i, "browser" + i, null));
            calls.get(i).browser().close();
            calls.get(i).phone().close();
        }
        int n = received[0];
        long[] sorted = Arrays.copyOf(latencyMicros, n);
        Arrays.sort(sorted);
        double loss = sent == 0 ? 0 : 100.0 * (sent - n) / sent;
        System.out.printf("calls=%d setup=%.1fs sent=%d received=%d loss=%.3f%% p50=%.3fms p99=%.3fms max=%.3fms%n", count,
                setupSeconds, sent, n, Math.max(0, loss), n == 0 ? 0 : sorted[n / 2] / 1000.0,
                n == 0 ? 0 : sorted[(int) (n * 0.99)] / 1000.0, n == 0 ? 0 : sorted[n - 1] / 1000.0);
    }

    /** An RTP packet of 172 bytes with the send time at offset 12. */
    static void fill(ByteBuffer packet, long tick, int ssrc) {
        packet.clear();
        packet.put((byte) 0x80).put((byte) 0).putShort((short) tick).putInt((int) (tick * 160)).putInt(ssrc);
        packet.putLong(System.nanoTime());
        while (packet.position() < 12 + PAYLOAD) {
            packet.put((byte) 0xD5);
        }
    }

    static Map<String, Object> command(String name, String callId, String fromTag, String toTag) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command", name);
        command.put("call-id", callId);
        command.put("from-tag", fromTag);
        if (toTag != null) {
            command.put("to-tag", toTag);
        }
        return command;
    }

    static final String COOKIE_PREFIX = Long.toHexString(System.currentTimeMillis());
    static int cookie;

    static Map<String, Object> ng(DatagramChannel channel, Map<String, Object> command) throws Exception {
        String id = COOKIE_PREFIX + "-" + (++cookie);
        channel.write(ByteBuffer.wrap(NgMessage.encode(id, command)));
        ByteBuffer reply = ByteBuffer.allocate(65536);
        channel.socket().setSoTimeout(5000);
        while (true) {
            reply.clear();
            channel.read(reply);
            String text = new String(reply.array(), 0, reply.position(), StandardCharsets.ISO_8859_1);
            if (text.startsWith(id + " ")) {
                Map<String, Object> decoded = NgMessage.parse(reply.array(), 0, reply.position()).dictionary();
                if (!"ok".equals(decoded.get("result"))) {
                    throw new IllegalStateException(command.get("command") + " failed: " + decoded);
                }
                return decoded;
            }
        }
    }

    static int mediaPort(String sdp) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
        if (!m.find()) {
            throw new IllegalStateException("No m=audio in " + sdp);
        }
        return Integer.parseInt(m.group(1));
    }

    static String attr(String sdp, String name) {
        Matcher m = Pattern.compile("a=" + name + ":(.*)\r\n").matcher(sdp);
        if (!m.find()) {
            throw new IllegalStateException("No a=" + name + " in " + sdp);
        }
        return m.group(1).trim();
    }
}
