package one.webph.relay.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.EventLoop;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MediaSocketsTest {

    private final MediaSockets sockets = new MediaSockets("127.0.0.1", 2);
    private final List<MediaPort> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(MediaPort::close);
        sockets.close();
    }

    @Test
    @DisplayName("every socket of a call (both legs, RTP and RTCP) is served by the call's loop, and calls take turns over the loops")
    void callsTakeTurnsAndKeepTheirSocketsOnOneLoop() throws Exception {
        EventLoop first = sockets.nextLoop();
        EventLoop second = sockets.nextLoop();
        assertNotSame(first, second, "two calls in a row get different loops");
        assertSame(first, sockets.nextLoop(), "with two loops the third call is back on the first");

        for (EventLoop loop : List.of(first, second)) {
            // A call with two legs: RTP and RTCP each, opened in pairs as the session layer does.
            for (int i = 0; i < 4; i++) {
                MediaPort port = sockets.open(freePort(), loop);
                assertNotNull(port, "a free port binds");
                opened.add(port);
                assertSame(loop, port.loop(), "socket " + i + " is on its call's loop");
            }
        }
        assertEquals(8, opened.size());
    }

    @Test
    @DisplayName("a port another program holds is refused with null, not an exception")
    void aTakenPortIsRefused() throws Exception {
        try (DatagramSocket holder = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(null, sockets.open(holder.getLocalPort(), sockets.nextLoop()));
        }
    }

    private static int freePort() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
