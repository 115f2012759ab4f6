package one.webph.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import one.webph.ng.NgMessage;

class NgClientTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aReplyLongerThanTwoKilobytesArrivesWholeOnTheCoreContext() throws Exception {
        // A relay's answer carrying a browser's SDP is often 3-6 KB; a truncated one would not decode.
        String sdp = "v=0\r\n" + "a=candidate:1 1 udp 2130706431 127.0.0.1 30000 typ host\r\n".repeat(200);
        DatagramSocket relay = vertx.createDatagramSocket();
        relay.handler(packet -> {
            byte[] request = packet.data().getBytes();
            String cookie = NgMessage.cookieOf(request, 0, request.length).orElseThrow();
            relay.send(Buffer.buffer(NgMessage.encode(cookie, Map.of("result", "ok", "sdp", sdp))),
                    packet.sender().port(), packet.sender().host());
        });
        relay.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", relay.localAddress().port());
        Context core = vertx.getOrCreateContext();
        NgClient client = new NgClient(vertx, core, vertx.nettyEventLoopGroup().next(), List.of(address), Duration.ofSeconds(1), 2);

        CompletableFuture<NgMessage> reply = new CompletableFuture<>();
        CompletableFuture<Boolean> onCore = new CompletableFuture<>();
        core.runOnContext(v -> client.send(address, Map.of("command", "ping")).onComplete(result -> {
            onCore.complete(Vertx.currentContext() == core);
            if (result.succeeded()) {
                reply.complete(result.result());
            } else {
                reply.completeExceptionally(result.cause());
            }
        }));

        assertEquals(sdp, reply.get(5, TimeUnit.SECONDS).string("sdp").orElse("no sdp"));
        assertTrue(onCore.get(5, TimeUnit.SECONDS), "the reply is handed back on the core context");
        client.close();
    }
}
