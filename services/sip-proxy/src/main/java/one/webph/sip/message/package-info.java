/**
 * SIP message syntax (RFC 3261 §7, §20): JAIN-SIP's parser and factories with our safeguards.
 * Parsing and encoding happen here only; the layers above use the parsed objects.
 */
package one.webph.sip.message;
