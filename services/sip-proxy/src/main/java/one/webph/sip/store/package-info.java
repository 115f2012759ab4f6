/** Texts kept for phones that are asleep (store and forward of SIP MESSAGE). */
package one.webph.sip.store;
