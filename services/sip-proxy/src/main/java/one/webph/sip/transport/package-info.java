/**
 * SIP transports (RFC 3261 §18, RFC 7118, RFC 5626 keep-alives): UDP, TCP, TLS and WebSocket
 * sockets, stream framing and the table of open connections. Knows no SIP syntax; hands complete
 * messages up through {@link one.webph.sip.transport.MessageHandler}.
 */
package one.webph.sip.transport;
