/**
 * rtpengine's ng control protocol: bencode and the message model (cookie, dictionary, key
 * normalization). Pure: no I/O. Used by media-relay (server) and sip-proxy (client).
 */
package one.webph.ng;
