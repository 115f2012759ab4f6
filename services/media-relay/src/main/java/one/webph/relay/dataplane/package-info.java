/**
 * The data plane: UDP sockets on Netty event loops (epoll where available), latching and
 * strict-source checks, forwarding without copying, and for WebRTC ports the RFC 7983 demux that
 * hands STUN to {@code ice}, DTLS to {@code dtls} and SRTP to {@code srtp}. Knows nothing of SDP
 * or ng: the session layer configures ports with {@link one.webph.relay.dataplane.WebRtcSecurity}.
 */
package one.webph.relay.dataplane;
