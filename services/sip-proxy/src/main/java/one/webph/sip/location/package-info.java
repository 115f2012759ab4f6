/** The location service (RFC 3261 §10.3): bindings kept in MySQL, purged when they expire. */
package one.webph.sip.location;
