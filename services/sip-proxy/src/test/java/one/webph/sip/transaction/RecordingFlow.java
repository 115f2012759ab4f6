package one.webph.sip.transaction;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import one.webph.sip.transport.Flow;

/** A flow that keeps what is sent on it, with the fake clock's time of each send. */
final class RecordingFlow implements Flow {

    record Sent(long at, String message) {
    }

    final List<Sent> sent = new ArrayList<>();
    private final FakeTimers clock;
    private final boolean reliable;

    RecordingFlow(FakeTimers clock, boolean reliable) {
        this.clock = clock;
        this.reliable = reliable;
    }

    @Override
    public String transport() {
        return reliable ? "TCP" : "UDP";
    }

    @Override
    public InetSocketAddress remote() {
        return new InetSocketAddress("127.0.0.1", 5070);
    }

    @Override
    public boolean reliable() {
        return reliable;
    }

    @Override
    public boolean open() {
        return true;
    }

    @Override
    public void send(byte[] message) {
        sent.add(new Sent(clock.now(), new String(message, StandardCharsets.UTF_8)));
    }

    List<Long> sendTimes(String firstLinePrefix) {
        return sent.stream().filter(s -> s.message().startsWith(firstLinePrefix)).map(Sent::at).toList();
    }
}
