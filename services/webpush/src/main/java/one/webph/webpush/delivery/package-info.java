/**
 * Delivery to push services (RFC 8030): the message and its headers (TTL, Urgency, Topic), one
 * sender with retries, and the fan-out to every device of a number under a deadline.
 */
package one.webph.webpush.delivery;
