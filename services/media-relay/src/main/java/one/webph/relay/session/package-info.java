/**
 * Calls, legs (rtpengine's monologues), streams and port pairs: what the ng commands create and
 * end. Never touches packet buffers.
 */
package one.webph.relay.session;
