/**
 * RFC 3261 §17 transactions with RFC 6026's Accepted state: client and server, INVITE and
 * non-INVITE, timers A–M, UDP retransmissions. Below the proxy, above the message codec.
 */
package one.webph.sip.transaction;
