/** SDP (RFC 8866) parsing and rewriting for the relay: no I/O, no sockets. */
package one.webph.relay.sdp;
