/**
 * Digest authentication (RFC 3261 §22, RFC 2617, RFC 7616, RFC 8760): nonces, credentials from
 * {@code subscriber} (HA1 only), challenges and checks.
 */
package one.webph.sip.auth;
