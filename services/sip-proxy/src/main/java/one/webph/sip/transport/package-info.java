/** SIP transports (RFC 3261 §18): sockets and framing; no SIP syntax. UDP so far. */
package one.webph.sip.transport;
