package one.webph.sip.transaction;

import io.vertx.core.Vertx;

/**
 * Timers on Vert.x. Called from the proxy's core context, so tasks run there too and never race
 * with the messages the core handles.
 */
public final class VertxTimers implements Timers {

    private final Vertx vertx;

    public VertxTimers(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delayMillis), t -> task.run());
        return () -> vertx.cancelTimer(id);
    }

    @Override
    public long now() {
        return System.nanoTime() / 1_000_000;
    }
}
