/** The registrar (RFC 3261 §10.3, RFC 5626 instance ids, RFC 8599 push parameters kept with the binding). */
package one.webph.sip.registrar;
