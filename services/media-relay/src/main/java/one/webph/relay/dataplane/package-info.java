/**
 * The data plane: UDP sockets on Netty event loops, latching and strict-source checks, and
 * forwarding without copying. Knows nothing of SDP or ng.
 */
package one.webph.relay.dataplane;
