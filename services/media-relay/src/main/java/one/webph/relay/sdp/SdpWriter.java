package one.webph.relay.sdp;

import java.util.List;
import java.util.Locale;

/**
 * Writes the rewritten SDP line by line for {@link SessionDescription#rewrite}: replaces or drops
 * the sender's transport lines, and appends the relay's own at the end of the session part and of
 * each media section. Single use.
 */
final class SdpWriter {

    private static final List<String> ICE_ATTRIBUTES = List.of("a=ice-ufrag:", "a=ice-pwd:", "a=ice-options:",
            "a=candidate:", "a=end-of-candidates", "a=ice-lite", "a=remote-candidates:");
    private static final List<String> SECURITY_ATTRIBUTES = List.of("a=fingerprint:", "a=setup:", "a=crypto:", "a=tls-id:");
    /** RFC 8445 section 5.1.2.1 type preference 126 for host, local preference 65535, component 1. */
    private static final long HOST_PRIORITY = (126L << 24) | (65535L << 8) | 255;

    private final SessionDescription.Rewrite how;
    private final String ipVersion;
    private final StringBuilder out = new StringBuilder();
    private boolean sawMux;
    private boolean sawMid;
    private boolean sawGroup;

    private final boolean dropBundle;

    SdpWriter(SessionDescription.Rewrite how, boolean dropBundle) {
        this.how = how;
        this.dropBundle = dropBundle;
        this.ipVersion = how.relayAddress().contains(":") ? "IP6" : "IP4";
    }

    void mediaLine(String line, SessionDescription.RelayPorts relay) {
        String[] parts = line.substring(2).split(" ", 4);
        out.append("m=").append(parts[0]).append(' ').append(relay.rtpPort()).append(' ')
                .append(how.protocol() != null ? how.protocol() : parts[2]);
        if (parts.length > 3) {
            out.append(' ').append(parts[3]);
        }
        end();
        sawMux = false;
        sawMid = false;
    }

    /** A line of the session part ({@code relay} null) or of a media section. */
    void attribute(String line, SessionDescription.RelayPorts relay) {
        if (line.startsWith("c=")) {
            out.append("c=IN ").append(ipVersion).append(' ').append(how.relayAddress());
        } else if (line.startsWith("o=") && how.replaceOrigin()) {
            String[] parts = line.split(" ");
            parts[parts.length - 2] = ipVersion;
            parts[parts.length - 1] = how.relayAddress();
            out.append(String.join(" ", parts));
        } else if (relay != null && line.startsWith("a=rtcp:")) {
            if (Boolean.TRUE.equals(how.rtcpMux())) {
                return;
            }
            out.append("a=rtcp:").append(relay.rtcpPort());
            if (line.substring(7).contains(" ")) {
                out.append(" IN ").append(ipVersion).append(' ').append(how.relayAddress());
            }
        } else if (line.equals("a=rtcp-mux")) {
            if (Boolean.FALSE.equals(how.rtcpMux())) {
                return;
            }
            sawMux = true;
            out.append(line);
        } else if ((how.removeIce() || how.ice() != null) && startsWithAny(line, ICE_ATTRIBUTES)) {
            return;
        } else if ((how.removeSecurity() || how.fingerprint() != null) && startsWithAny(line, SECURITY_ATTRIBUTES)) {
            return;
        } else {
            if (line.startsWith("a=mid:")) {
                sawMid = true;
            } else if (line.startsWith("a=group:BUNDLE")) {
                if (dropBundle) {
                    return;
                }
                sawGroup = true;
            }
            out.append(line);
        }
        end();
    }

    void endSession() {
        if (how.bundle() != null && !sawGroup) {
            out.append(how.bundle());
            end();
        }
        if (how.ice() != null) {
            out.append("a=ice-lite");
            end();
        }
    }

    void endMedia(SessionDescription.Media media, SessionDescription.RelayPorts relay) {
        if (how.fingerprint() != null && !sawMid) {
            // Browsers need a mid on every section (unified plan); a plain sender has none.
            out.append("a=mid:").append(midFor(media.index(), how.mids()));
            end();
        }
        if (Boolean.TRUE.equals(how.rtcpMux()) && !sawMux) {
            out.append("a=rtcp-mux");
            end();
        }
        if (how.ice() != null) {
            out.append("a=ice-ufrag:").append(how.ice().ufrag());
            end();
            out.append("a=ice-pwd:").append(how.ice().pwd());
            end();
        }
        if (how.fingerprint() != null) {
            out.append("a=fingerprint:").append(how.fingerprint());
            end();
            // RFC 5763 section 5: we are the server (passive) unless the peer asked to be it; then we are active.
            out.append(how.dtlsActive() ? "a=setup:active" : "a=setup:passive");
            end();
        }
        if (how.ice() != null) {
            out.append("a=candidate:1 1 UDP ").append(HOST_PRIORITY).append(' ').append(how.relayAddress()).append(' ')
                    .append(relay.rtpPort()).append(" typ host");
            end();
            if (!Boolean.TRUE.equals(how.rtcpMux())) {
                out.append("a=candidate:1 2 UDP ").append(HOST_PRIORITY - 1).append(' ').append(how.relayAddress()).append(' ')
                        .append(relay.rtcpPort()).append(" typ host");
                end();
            }
            out.append("a=end-of-candidates");
            end();
        }
    }

    /** The mid for a section that has none: the receiving leg's own, else the section's index. */
    static String midFor(int index, List<String> mids) {
        return mids != null && index < mids.size() && mids.get(index) != null ? mids.get(index) : String.valueOf(index);
    }

    String text() {
        return out.toString();
    }

    private void end() {
        out.append("\r\n");
    }

    private static boolean startsWithAny(String line, List<String> prefixes) {
        String lower = line.toLowerCase(Locale.ROOT);
        for (String prefix : prefixes) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
