/**
 * Abuse protection for allocations: who the client is behind the trusted TLS terminator, and
 * sliding-window limits per client address with a global ceiling.
 */
package one.webph.allocatenumber.abuse;
