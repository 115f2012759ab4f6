/** Media anchoring: the ng protocol client toward media-relay (or rtpengine) and the per-direction flags. */
package one.webph.sip.media;
