package one.webph.sip.transaction;

/** RFC 3261 §17 and Table 4: the base intervals the timers are made of. */
final class TimerValues {

    /** Round-trip estimate. */
    static final long T1 = 500;
    /** Longest retransmission interval for non-INVITE requests and INVITE responses. */
    static final long T2 = 4_000;
    /** Longest time a message stays in the network. */
    static final long T4 = 5_000;
    /** Timers B, F, H, J, L, M. */
    static final long SIXTY_FOUR_T1 = 64 * T1;
    /** Timer D on unreliable transports (at least 32 s). */
    static final long D = 32_000;

    private TimerValues() {
    }
}
