package one.webph.sip.location;

import java.time.Instant;

/**
 * One registered contact of a number (RFC 3261 §10, RFC 5626 instance/reg-id, RFC 8599 push
 * parameters), and where the REGISTER really came from.
 */
public record Binding(String contact, String instance, int regId, String received, String transport, Instant expires,
                      String pnProvider, String pnPrid, String pnParam, String callId, long cseq, String userAgent) {
}
