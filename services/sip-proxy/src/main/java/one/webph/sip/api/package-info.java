/** sip-proxy's HTTP API: the operator's admin API for community routes. */
package one.webph.sip.api;
