package one.webph.sip.location;

import java.time.Instant;

/**
 * One registered contact of a number (RFC 3261 §10, RFC 5626 instance/reg-id, RFC 8599 push
 * parameters), where the REGISTER really came from, and the Path (RFC 3327) of edge proxies it
 * came through, comma-separated, empty when it came straight to us.
 */
public record Binding(String contact, String instance, int regId, String received, String transport, Instant expires,
                      String pnProvider, String pnPrid, String pnParam, String callId, long cseq, String userAgent, String path) {

    /**
     * What the {@code location} table cannot hold: the SIP name of the first value longer than its
     * column, or null when all fit. A registration answered from memory is written after its
     * answer, so the registrar refuses such values before answering.
     */
    public String tooLongForTheTable() {
        return contact.length() > 512 ? "Contact"
                : instance.length() > 255 ? "+sip.instance"
                : callId.length() > 255 ? "Call-ID"
                : pnProvider.length() > 64 ? "pn-provider"
                : pnPrid.length() > 512 ? "pn-prid"
                : pnParam.length() > 255 ? "pn-param"
                : null;
    }

    /** The Path URIs in order (the first is the edge proxy to send to). */
    public java.util.List<String> pathUris() {
        if (path == null || path.isBlank()) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(path.split(",(?=\\s*<)")).map(String::trim).map(uri -> uri.replaceAll("^<|>$", "")).toList();
    }
}
