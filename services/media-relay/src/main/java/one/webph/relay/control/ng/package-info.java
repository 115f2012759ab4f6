/**
 * rtpengine's ng control protocol, server side: the UDP socket with its cookie reply cache, and
 * one class per command (ping, offer, answer, delete, query, list).
 */
package one.webph.relay.control.ng;
