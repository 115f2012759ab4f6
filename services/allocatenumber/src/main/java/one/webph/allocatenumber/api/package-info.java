/**
 * allocatenumber's HTTP API: numbers, tokens, the operator's admin API and the legacy CGI
 * endpoint, with one error mapping ({@code {error, message}}) for all of them.
 */
package one.webph.allocatenumber.api;
