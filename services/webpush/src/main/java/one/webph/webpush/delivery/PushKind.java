package one.webph.webpush.delivery;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a push is about; the names are the {@code kind} our service worker reads. */
public enum PushKind {
    CALL_INCOMING("call-incoming", "call-incoming", true),
    CALL_CANCELLED("call-cancelled", "call-canceled", true),
    CALL_MISSED("call-missed", "call-missed", true),
    MESSAGE("message", "sms-incoming", false);

    private final String wire;
    private final String legacyAction;
    private final boolean call;

    PushKind(String wire, String legacyAction, boolean call) {
        this.wire = wire;
        this.legacyAction = legacyAction;
        this.call = call;
    }

    public String wire() {
        return wire;
    }

    /** The original Webph.one service worker's {@code action} for the same event. */
    public String legacyAction() {
        return legacyAction;
    }

    public boolean isCall() {
        return call;
    }

    private static final Map<String, PushKind> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(PushKind::wire, Function.identity()));

    public static Optional<PushKind> of(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }
}
