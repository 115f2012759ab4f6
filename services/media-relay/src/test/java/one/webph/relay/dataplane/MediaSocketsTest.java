package one.webph.relay.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollMode;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
            List<MediaPort> call = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                MediaPort port = sockets.bind(freePort(), loop);
                assertNotNull(port, "a free port binds");
                call.add(port);
            }
            sockets.serve(call, loop);
            opened.addAll(call);
            for (MediaPort port : call) {
                assertTrue(loop.submit(() -> port.channel().isRegistered()).get(5, TimeUnit.SECONDS), "served by its loop");
                assertSame(loop, port.channel().eventLoop(), "socket " + port.port() + " is on its call's loop");
            }
        }
        assertEquals(8, opened.size());
    }

    @Test
    @DisplayName("media sockets read one datagram per wake-up, level-triggered, into a small fixed buffer")
    void socketsReadOneDatagramPerWakeUp() throws Exception {
        EventLoop loop = sockets.nextLoop();
        MediaPort port = sockets.bind(freePort(), loop);
        opened.add(port);
        sockets.serve(List.of(port), loop);
        var config = port.channel().config();
        assertTrue(config.getRecvByteBufAllocator() instanceof FixedRecvByteBufAllocator, "a fixed 2 KB buffer per read");
        assertTrue(config.getOption(ChannelOption.SO_RCVBUF) >= MediaSockets.RECEIVE_BUFFER, "a large kernel buffer");
        if (port.channel() instanceof EpollDatagramChannel) {
            assertEquals(EpollMode.LEVEL_TRIGGERED, config.getOption(EpollChannelOption.EPOLL_MODE));
        }
    }

    @Test
    @DisplayName("a packet sent to a bound socket before its loop serves it is kept by the kernel and read once served")
    void packetsBeforeServingAreKept() throws Exception {
        EventLoop loop = sockets.nextLoop();
        MediaPort port = sockets.bind(freePort(), loop);
        opened.add(port);
        try (DatagramSocket sender = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            byte[] rtp = new byte[172];
            rtp[0] = (byte) 0x80;
            sender.send(new DatagramPacket(rtp, rtp.length, InetAddress.getByName("127.0.0.1"), port.port()));
        }
        sockets.serve(List.of(port), loop);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (port.stats().packetsIn() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, port.stats().packetsIn());
    }

    @Test
    @DisplayName("a closed socket says its port is free only once it can be bound again, served or not")
    void closingTellsWhenThePortIsFree() throws Exception {
        EventLoop loop = sockets.nextLoop();
        MediaPort served = sockets.bind(freePort(), loop);
        MediaPort neverServed = sockets.bind(freePort(), loop);
        sockets.serve(List.of(served), loop);
        for (MediaPort port : List.of(served, neverServed)) {
            CountDownLatch free = new CountDownLatch(1);
            port.close(free::countDown);
            assertTrue(free.await(5, TimeUnit.SECONDS), "port " + port.port() + " freed");
            MediaPort again = sockets.bind(port.port(), loop);
            assertNotNull(again, "port " + port.port() + " binds again at once");
            opened.add(again);
        }
    }

    @Test
    @DisplayName("a port another program holds is refused with null, not an exception")
    void aTakenPortIsRefused() throws Exception {
        try (DatagramSocket holder = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(null, sockets.bind(holder.getLocalPort(), sockets.nextLoop()));
        }
    }

    private static int freePort() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
