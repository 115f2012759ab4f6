package one.webph.sip.transaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock the test moves: tasks run when {@link #advance} passes their time, in order. */
final class FakeTimers implements Timers {

    private static final class Task implements Timer {
        final long due;
        final Runnable action;
        boolean cancelled;

        Task(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;

    @Override
    public Timer schedule(long delayMillis, Runnable action) {
        Task task = new Task(now + delayMillis, action);
        tasks.add(task);
        return task;
    }

    @Override
    public long now() {
        return now;
    }

    void advance(long millis) {
        long end = now + millis;
        while (true) {
            Task next = tasks.stream().filter(t -> !t.cancelled && t.due <= end).min(Comparator.comparingLong(t -> t.due)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.due);
            next.action.run();
        }
        now = end;
    }
}
