/**
 * Voluntary Application Server Identification for Web Push (RFC 8292): the key pair (from
 * configuration, or generated once and kept in the database so every instance signs alike) and
 * the ES256 tokens.
 */
package one.webph.webpush.vapid;
