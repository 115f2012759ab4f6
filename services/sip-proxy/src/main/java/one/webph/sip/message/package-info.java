/**
 * SIP messages: JAIN-SIP's parser and message classes (used as a library only, never its
 * SipStack), the checks its parser lacks, and the edits a proxy makes to what it forwards.
 */
package one.webph.sip.message;
