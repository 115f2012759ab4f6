/**
 * DTLS-SRTP (RFC 5763, RFC 5764) for WebRTC legs: the relay's self-signed certificate and its
 * fingerprint, a DTLS 1.2 server, or client toward a peer that said {@code a=setup:passive}, on
 * BouncyCastle's low-level TLS API with use_srtp, the check of the peer's certificate against its
 * SDP fingerprint, and the export of SRTP keys. Datagrams enter and leave as byte arrays; no
 * sockets, no SDP text.
 */
package one.webph.relay.dtls;
