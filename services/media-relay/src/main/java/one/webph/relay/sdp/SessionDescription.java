package one.webph.relay.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SDP body (RFC 8866) as the relay needs it: the media sections with where each peer wants to
 * receive, and a rewrite that puts the relay in the middle, as rtpengine does (c=, m= port and
 * profile, a=rtcp, the origin, ICE attributes). Everything else passes through untouched, codecs
 * included. Pure; immutable.
 */
public final class SessionDescription {

    private static final List<String> ICE_ATTRIBUTES = List.of("a=ice-ufrag:", "a=ice-pwd:", "a=ice-options:",
            "a=candidate:", "a=end-of-candidates", "a=ice-lite", "a=remote-candidates:");

    private final List<String> lines;
    private final List<Media> media;

    private SessionDescription(List<String> lines, List<Media> media) {
        this.lines = lines;
        this.media = media;
    }

    /** Where one media section wants to receive: RTP address and port, RTCP port, rtcp-mux. */
    public record Media(int index, String type, String address, int rtpPort, int rtcpPort, boolean rtcpMux, String protocol) {
    }

    /** How to rewrite one media section: the relay's ports for it. */
    public record RelayPorts(int rtpPort, int rtcpPort) {
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
        String sessionAddress = null;
        List<Media> media = new ArrayList<>();
        String type = null;
        String address = null;
        int port = 0;
        int rtcpPort = -1;
        boolean mux = false;
        String protocol = null;
        for (String line : lines) {
            if (line.startsWith("m=")) {
                if (type != null) {
                    media.add(new Media(media.size(), type, address, port, rtcpPort < 0 ? port + 1 : rtcpPort, mux, protocol));
                }
                String[] parts = line.substring(2).split(" ");
                if (parts.length < 3) {
                    throw new IllegalArgumentException("bad m= line: " + line);
                }
                type = parts[0];
                port = parsePort(parts[1].split("/")[0]);
                protocol = parts[2];
                address = sessionAddress;
                rtcpPort = -1;
                mux = false;
            } else if (line.startsWith("c=")) {
                String[] parts = line.substring(2).split(" ");
                if (parts.length < 3) {
                    throw new IllegalArgumentException("bad c= line: " + line);
                }
                String connection = parts[2].split("/")[0];
                if (type == null) {
                    sessionAddress = connection;
                } else {
                    address = connection;
                }
            } else if (type != null && line.startsWith("a=rtcp:")) {
                rtcpPort = parsePort(line.substring(7).split(" ")[0]);
            } else if (type != null && line.equals("a=rtcp-mux")) {
                mux = true;
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("SDP has no m= line");
        }
        media.add(new Media(media.size(), type, address, port, rtcpPort < 0 ? port + 1 : rtcpPort, mux, protocol));
        return new SessionDescription(lines, media);
    }

    public List<Media> media() {
        return media;
    }

    /**
     * The SDP the other side gets: the relay's address and ports instead of the peer's.
     *
     * @param ports one entry per media section
     * @param protocol the transport profile to write into m= lines, or null to keep each one's
     */
    public String rewrite(String relayAddress, List<RelayPorts> ports, boolean replaceOrigin, boolean removeIce, String protocol) {
        StringBuilder out = new StringBuilder();
        int index = -1;
        String ipVersion = relayAddress.contains(":") ? "IP6" : "IP4";
        for (String line : lines) {
            if (line.startsWith("m=")) {
                index++;
                String[] parts = line.substring(2).split(" ", 4);
                RelayPorts relay = ports.get(index);
                out.append("m=").append(parts[0]).append(' ').append(relay.rtpPort()).append(' ')
                        .append(protocol != null ? protocol : parts[2]);
                if (parts.length > 3) {
                    out.append(' ').append(parts[3]);
                }
            } else if (line.startsWith("c=")) {
                out.append("c=IN ").append(ipVersion).append(' ').append(relayAddress);
            } else if (line.startsWith("o=") && replaceOrigin) {
                String[] parts = line.split(" ");
                parts[parts.length - 2] = ipVersion;
                parts[parts.length - 1] = relayAddress;
                out.append(String.join(" ", parts));
            } else if (index >= 0 && line.startsWith("a=rtcp:")) {
                out.append("a=rtcp:").append(ports.get(index).rtcpPort());
                if (line.substring(7).contains(" ")) {
                    out.append(" IN ").append(ipVersion).append(' ').append(relayAddress);
                }
            } else if (removeIce && isIce(line)) {
                continue;
            } else {
                out.append(line);
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static boolean isIce(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        return ICE_ATTRIBUTES.stream().anyMatch(lower::startsWith);
    }

    private static int parsePort(String text) {
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
