package one.webph.webpush.delivery;

/**
 * What became of one push to one device.
 *
 * @param status the push service's last HTTP status, 0 when none answered
 */
public record DeliveryOutcome(String deviceId, Result result, int status, String detail) {

    /** The kinds of outcome the notify API reports. */
    public enum Result {
        /** 201: the push service took it. */
        DELIVERED,
        /** 404/410: the subscription is gone and was deleted. */
        GONE,
        /** 400/413 or another 4xx: we sent something the push service refuses (a bug to look at). */
        REJECTED,
        /** Retries ran out, or the TTL did. */
        FAILED,
        /** Still being retried when the caller's deadline came. */
        PENDING
    }
}
