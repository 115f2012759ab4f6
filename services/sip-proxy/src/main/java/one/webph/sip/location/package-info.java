/**
 * The location service (RFC 3261 §10.3): bindings kept in memory and in MySQL (written behind by
 * group-commit writers), purged when they expire.
 */
package one.webph.sip.location;
