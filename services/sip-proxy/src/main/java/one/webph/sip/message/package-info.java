/**
 * SIP messages: JAIN-SIP's parser and message classes (used as a library only, never its
 * SipStack), the checks its parser lacks, and the edits a proxy makes to what it forwards. One
 * request is answered without that parser: a REGISTER without credentials whose fields are all in
 * plain forms ({@link one.webph.sip.message.PlainRegister}), whose 401 is built from its text.
 */
package one.webph.sip.message;
