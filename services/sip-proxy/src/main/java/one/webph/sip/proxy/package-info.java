/**
 * The proxy core (RFC 3261 §16): the dispatcher between transports and transactions
 * ({@link one.webph.sip.proxy.SipServer}), request validation, the stateless challenge of
 * REGISTERs without credentials, routing with forking and record-route, CANCEL and best-response
 * selection, and the flood and failed-authentication bans.
 */
package one.webph.sip.proxy;
