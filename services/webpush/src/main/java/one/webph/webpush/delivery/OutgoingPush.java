package one.webph.webpush.delivery;

import java.time.Duration;

/**
 * A message ready to go to every device of a number: the payload encoded and the RFC 8030
 * headers worked out once per notify, not once per device or attempt. Only the encryption differs
 * per device. Pure.
 *
 * @param topic null when the message has none
 */
record OutgoingPush(PushKind kind, byte[] payload, String urgency, String topic, Duration ttl) {

    static OutgoingPush of(PushMessage message, Duration callTtl, Duration messageTtl) {
        return new OutgoingPush(message.kind(), message.payload(), message.urgency(), message.topic(),
                message.ttl(callTtl, messageTtl));
    }
}
