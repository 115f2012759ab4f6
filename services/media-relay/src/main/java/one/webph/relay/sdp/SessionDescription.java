package one.webph.relay.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SDP body (RFC 8866) as the relay needs it: the media sections with where each peer wants to
 * receive and how (profile, ICE credentials, DTLS fingerprint and role, rtcp-mux), and a rewrite
 * that puts the relay in the middle, as rtpengine does (c=, m= port and profile, a=rtcp, the
 * origin, our ICE-lite and DTLS attributes or none). Everything else passes through untouched,
 * codecs, a=mid and the BUNDLE group included. Pure; immutable.
 */
public final class SessionDescription {

    private final List<String> lines;
    private final List<Media> media;

    private SessionDescription(List<String> lines, List<Media> media) {
        this.lines = lines;
        this.media = media;
    }

    /**
     * Where and how one media section wants to receive. ICE and DTLS values fall back to the
     * session level when the section has none; null when absent.
     */
    public record Media(int index, String type, String address, int rtpPort, int rtcpPort, boolean rtcpMux, String protocol,
                        String iceUfrag, String icePwd, String fingerprint, String setup, String mid, boolean sdes,
                        List<Integer> payloadTypes) {

        /** An encrypted profile (RTP/SAVP, RTP/SAVPF, UDP/TLS/RTP/SAVP(F)): a WebRTC-style leg. */
        public boolean secureProfile() {
            return isSecureProfile(protocol);
        }
    }

    /** How to rewrite one media section: the relay's ports for it. */
    public record RelayPorts(int rtpPort, int rtcpPort) {
    }

    /** Our ICE-lite credentials to advertise. */
    public record Ice(String ufrag, String pwd) {
    }

    /**
     * What the rewritten SDP says about the relay, for the leg that receives it.
     *
     * @param protocol the profile to write into m= lines, or null to keep each one's
     * @param removeIce drop the sender's ICE attributes (also done whenever {@code ice} is set)
     * @param ice our ICE-lite credentials and a host candidate per section, or null for no ICE
     * @param fingerprint our DTLS fingerprint ({@code "sha-256 AB:..."}), or null for no DTLS
     * @param dtlsActive with a fingerprint: {@code a=setup:active} (we are the DTLS client, the peer said
     *        passive) instead of {@code a=setup:passive}
     * @param rtcpMux true: RTCP muxed (a=rtcp-mux, no a=rtcp); false: RTCP apart (no a=rtcp-mux); null: as the sender said
     * @param removeSecurity drop the sender's a=fingerprint, a=setup and a=crypto (toward a plain leg, or SDES off)
     * @param mids the receiving leg's own mids per section (from its earlier offer), used where the sender has none
     * @param bundle the receiving leg's own BUNDLE group line, added when the sender has none (a browser's
     *        answer must keep the group it offered)
     */
    public record Rewrite(String relayAddress, boolean replaceOrigin, String protocol, boolean removeIce, Ice ice,
                          String fingerprint, boolean dtlsActive, Boolean rtcpMux, boolean removeSecurity, List<String> mids,
                          String bundle) {

        public static Rewrite plain(String relayAddress, boolean replaceOrigin, boolean removeIce, String protocol) {
            return new Rewrite(relayAddress, replaceOrigin, protocol, removeIce, null, null, false, null, false, List.of(), null);
        }
    }

    public static boolean isSecureProfile(String protocol) {
        return protocol != null && protocol.toUpperCase(Locale.ROOT).contains("SAVP");
    }

    /** @throws IllegalArgumentException when this is not an SDP body with at least one m= line */
    public static SessionDescription parse(String text) {
        if (text == null || !text.startsWith("v=")) {
            throw new IllegalArgumentException("SDP must start with v=");
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        MediaReader session = new MediaReader(-1, null);
        MediaReader current = null;
        List<Media> media = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("m=")) {
                if (current != null) {
                    media.add(current.build(session));
                }
                current = new MediaReader(media.size(), line);
            } else {
                (current == null ? session : current).read(line);
            }
        }
        if (current == null) {
            throw new IllegalArgumentException("SDP has no m= line");
        }
        media.add(current.build(session));
        return new SessionDescription(lines, media);
    }

    public List<Media> media() {
        return media;
    }

    /** The session-level {@code a=group:BUNDLE} line, or null. */
    public String bundleGroup() {
        for (String line : lines) {
            if (line.startsWith("m=")) {
                return null;
            }
            if (line.startsWith("a=group:BUNDLE")) {
                return line;
            }
        }
        return null;
    }

    /**
     * True when the session's BUNDLE group (RFC 9143) holds the mid of every media section and
     * there are several: the sender multiplexes them all on one transport.
     */
    public boolean bundlesAllSections() {
        String group = bundleGroup();
        if (group == null || media.size() < 2) {
            return false;
        }
        List<String> mids = List.of(group.substring("a=group:BUNDLE".length()).trim().split("\\s+"));
        return media.stream().allMatch(m -> m.mid() != null && mids.contains(m.mid()));
    }

    /** The plain-leg rewrite (kept for callers that need no WebRTC attributes). */
    public String rewrite(String relayAddress, List<RelayPorts> ports, boolean replaceOrigin, boolean removeIce, String protocol) {
        return rewrite(ports, Rewrite.plain(relayAddress, replaceOrigin, removeIce, protocol));
    }

    /** The SDP the other side gets: the relay's address, ports and (for WebRTC) ICE and DTLS instead of the peer's. */
    public String rewrite(List<RelayPorts> ports, Rewrite how) {
        boolean onePort = ports.stream().map(RelayPorts::rtpPort).distinct().count() == 1;
        if (how.fingerprint() != null && how.bundle() == null && bundleGroup() == null && onePort) {
            // Browsers set to max-bundle refuse an SDP without a BUNDLE group; with one section it
            // costs nothing, and several sections on one port are bundled (RFC 9143) by definition.
            StringBuilder group = new StringBuilder("a=group:BUNDLE");
            for (Media m : media) {
                group.append(' ').append(m.mid() != null ? m.mid() : SdpWriter.midFor(m.index(), how.mids()));
            }
            how = new Rewrite(how.relayAddress(), how.replaceOrigin(), how.protocol(), how.removeIce(), how.ice(),
                    how.fingerprint(), how.dtlsActive(), how.rtcpMux(), how.removeSecurity(), how.mids(), group.toString());
        }
        // Sections on separate ports toward a leg that does not bundle: the sender's group would be a lie.
        SdpWriter out = new SdpWriter(how, media.size() > 1 && !onePort);
        int index = -1;
        for (String line : lines) {
            if (line.startsWith("m=")) {
                if (index >= 0) {
                    out.endMedia(media.get(index), ports.get(index));
                } else {
                    out.endSession();
                }
                index++;
                out.mediaLine(line, ports.get(index));
            } else {
                out.attribute(line, index < 0 ? null : ports.get(index));
            }
        }
        out.endMedia(media.get(index), ports.get(index));
        return out.text();
    }

    static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + text);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port: " + text);
        }
    }
}
