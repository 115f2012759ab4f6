package one.webph.allocatenumber.clients;

import java.util.Arrays;
import java.util.Optional;

/** What a peer's API key may do. The names are stable: other services read them from {@code api_client}. */
public enum Scope {
    /** Allocate numbers without the per-address limit (the global ceiling still holds). */
    NUMBERS_ALLOCATE("numbers:allocate"),
    /** Look up and list numbers. */
    NUMBERS_READ("numbers:read"),
    /** Delete numbers. */
    NUMBERS_DELETE("numbers:delete"),
    /** Send pushes through webpush's legacy {@code /send}. */
    PUSH_SEND("push:send");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<Scope> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
