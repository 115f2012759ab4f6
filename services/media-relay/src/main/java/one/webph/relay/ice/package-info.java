/**
 * ICE-lite (RFC 8445 section 2.5) for WebRTC legs: the STUN codec (RFC 5389) with
 * MESSAGE-INTEGRITY and FINGERPRINT, and an agent that answers authenticated Binding requests
 * (connectivity checks and consent freshness, RFC 7675). Pure: the data plane hands in datagrams
 * as byte arrays and sends the replies; it learns a peer address only from what the agent
 * authenticated. No SDP, no sockets.
 */
package one.webph.relay.ice;
