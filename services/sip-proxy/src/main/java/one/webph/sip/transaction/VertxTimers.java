package one.webph.sip.transaction;

import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Timers on Vert.x. Called from the proxy's core context, so tasks run there too and never race
 * with the messages the core handles.
 *
 * <p>The long timers (Timers B, F, H, L, M of 32 s, Timers I and K of 5 s) come a few thousand a
 * second and each lives that long, so they are not Vert.x timers each (six objects, a map entry
 * and a scheduler entry apiece: tens of thousands alive under call load, for the collector to
 * copy). Timers of the same delay fire in the order they were set, so each delay has a queue and
 * one Vert.x timer, for its head. A timer called off stays in its queue until its time, as a
 * small record without its task.
 */
public final class VertxTimers implements Timers {

    /** Shorter delays (retransmission timers, mostly called off within one round trip) stay Vert.x timers. */
    private static final long QUEUED_FROM = 1_000;

    private final Vertx vertx;
    private final Map<Long, FixedDelay> queues = new HashMap<>();

    public VertxTimers(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        // RFC 3261's timers are all whole multiples of T1, so their queues are few; any other
        // delay (a sweep that waits for its oldest entry) would open a queue of its own.
        if (delayMillis < QUEUED_FROM || delayMillis % TimerValues.T1 != 0) {
            long id = vertx.setTimer(Math.max(1, delayMillis), t -> task.run());
            return () -> vertx.cancelTimer(id);
        }
        return queues.computeIfAbsent(delayMillis, FixedDelay::new).add(task);
    }

    @Override
    public long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** A timer in a queue; called off, it forgets its task. */
    private static final class Queued implements Timer {
        final long due;
        Runnable task;

        Queued(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            task = null;
        }
    }

    /** The timers of one delay, in the order they fall due. */
    private final class FixedDelay {
        private final long delay;
        private final ArrayDeque<Queued> timers = new ArrayDeque<>();
        private boolean armed;

        FixedDelay(long delay) {
            this.delay = delay;
        }

        Queued add(Runnable task) {
            Queued timer = new Queued(now() + delay, task);
            timers.addLast(timer);
            if (!armed) {
                arm(delay);
            }
            return timer;
        }

        private void arm(long wait) {
            armed = true;
            vertx.setTimer(Math.max(1, wait), t -> fire());
        }

        private void fire() {
            armed = false;
            long now = now();
            while (!timers.isEmpty() && timers.peekFirst().due <= now) {
                Queued timer = timers.pollFirst();
                Runnable task = timer.task;
                if (task != null) {
                    timer.task = null;
                    task.run();
                }
            }
            if (!timers.isEmpty() && !armed) {
                arm(timers.peekFirst().due - now);
            }
        }
    }
}
