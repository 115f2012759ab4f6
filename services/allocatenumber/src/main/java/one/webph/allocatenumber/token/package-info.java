/**
 * Device tokens: RS256 JSON Web Tokens (RFC 7519) whose subject is the phone number, their signing
 * key, and its publication as a JSON Web Key Set (RFC 7517) with an RFC 7638 key id.
 */
package one.webph.allocatenumber.token;
