/**
 * Message Encryption for Web Push (RFC 8291) with the aes128gcm content coding (RFC 8188), and
 * the raw P-256 key forms it uses. No I/O.
 */
package one.webph.webpush.crypto;
