/**
 * Peers' API keys ({@code api_client}): random keys shown once, stored as SHA-256, each with scopes.
 */
package one.webph.allocatenumber.clients;
