/**
 * The proxy core (RFC 3261 §16): today the request dispatcher with retransmission absorption
 * and the failed-authentication ban; routing, forking and record-route are still to come.
 */
package one.webph.sip.proxy;
