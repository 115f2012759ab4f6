package one.webph.sip.transaction;

/**
 * Schedules the transaction timers (RFC 3261 §17 A–K, RFC 6026 L and M). The real one runs
 * tasks on the proxy's core thread; tests use a clock they move by hand.
 */
public interface Timers {

    Timer schedule(long delayMillis, Runnable task);

    /** Milliseconds on a monotonic clock, the one the timers run by. */
    long now();

    /** A scheduled task that may still be called off. */
    interface Timer {
        void cancel();
    }
}
