/**
 * webpush's HTTP API: the devices' API (JWT), the internal notify API for sip-proxy, and the
 * original webpush-server's legacy API, with one error mapping.
 */
package one.webph.webpush.api;
