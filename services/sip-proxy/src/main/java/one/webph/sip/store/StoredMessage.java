package one.webph.sip.store;

import java.time.Instant;

/** A text waiting for its recipient's phone: who sent it, what, and when. */
public record StoredMessage(long id, String aor, String sender, String contentType, String body, Instant receivedAt) {
}
