/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) on the JDK's javax.crypto: key derivation, per-SSRC
 * rollover counters and replay windows, protect and unprotect in place on a caller's array. Pure:
 * no sockets, no buffers of the data plane, no SDP.
 */
package one.webph.relay.srtp;
