/**
 * Number pools and SIP accounts: finding a free number, creating the {@code subscriber} row with
 * its digest hashes (RFC 2617 HA1, RFC 7616 SHA-256), checking and changing credentials.
 */
package one.webph.allocatenumber.numbers;
