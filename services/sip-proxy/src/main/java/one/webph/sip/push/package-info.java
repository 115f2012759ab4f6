/** Waking sleeping phones: the client of webpush's internal notify API. */
package one.webph.sip.push;
