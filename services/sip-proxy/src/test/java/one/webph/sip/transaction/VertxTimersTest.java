package one.webph.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VertxTimersTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Runs on one Vert.x context, as the proxy's core does. */
    private void onContext(Context context, Runnable action) {
        context.runOnContext(v -> action.run());
    }

    @Test
    void longTimersFireInTimeAndInOrderAndACalledOffOneNever() throws Exception {
        Context context = vertx.getOrCreateContext();
        VertxTimers timers = new VertxTimers(vertx);
        List<String> fired = new CopyOnWriteArrayList<>();
        CompletableFuture<Long> started = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        onContext(context, () -> {
            started.complete(timers.now());
            timers.schedule(1_000, () -> fired.add("first at " + (timers.now() - started.join())));
            Timers.Timer calledOff = timers.schedule(1_000, () -> fired.add("called off"));
            timers.schedule(1_000, () -> {
                fired.add("third");
                // Set from a firing timer, of the same delay: it waits its whole delay too.
                timers.schedule(1_000, () -> {
                    fired.add("from a timer at " + (timers.now() - started.join()));
                    done.complete(null);
                });
            });
            timers.schedule(1_500, () -> fired.add("other delay"));
            timers.schedule(1_700, () -> fired.add("not a multiple of T1"));
            timers.schedule(10, () -> fired.add("short"));
            calledOff.cancel();
        });
        done.get(10, TimeUnit.SECONDS);

        assertEquals(6, fired.size(), fired.toString());
        assertEquals("short", fired.get(0));
        assertTrue(fired.get(1).startsWith("first at "), fired.toString());
        assertTrue(Long.parseLong(fired.get(1).substring("first at ".length())) >= 1_000, fired.toString());
        assertEquals("third", fired.get(2));
        assertEquals("other delay", fired.get(3));
        assertEquals("not a multiple of T1", fired.get(4));
        assertTrue(Long.parseLong(fired.get(5).substring("from a timer at ".length())) >= 2_000, fired.toString());
    }
}
