package one.webph.relay.sdp;

/**
 * Collects what one section of an SDP body says (the session part, or one m= section) while
 * its lines are read in order. Single use.
 */
final class MediaReader {

    private final int index;
    private String type;
    private String protocol;
    private final java.util.List<Integer> payloadTypes = new java.util.ArrayList<>();
    private int port;
    String address;
    private int rtcpPort = -1;
    private boolean mux;
    String ufrag;
    String pwd;
    String fingerprint;
    String setup;
    private String mid;
    boolean sdes;

    MediaReader(int index, String mediaLine) {
        this.index = index;
        if (mediaLine != null) {
            String[] parts = mediaLine.substring(2).split(" ");
            if (parts.length < 3) {
                throw new IllegalArgumentException("bad m= line: " + mediaLine);
            }
            type = parts[0];
            port = SessionDescription.parsePort(parts[1].split("/")[0]);
            protocol = parts[2];
            for (int i = 3; i < parts.length; i++) {
                // RTP formats are payload type numbers; other protocols list names, which no demultiplexer needs.
                if (parts[i].matches("\\d{1,3}")) {
                    payloadTypes.add(Integer.parseInt(parts[i]));
                }
            }
        }
    }

    void read(String line) {
        if (line.startsWith("c=")) {
            String[] parts = line.substring(2).split(" ");
            if (parts.length < 3) {
                throw new IllegalArgumentException("bad c= line: " + line);
            }
            address = parts[2].split("/")[0];
        } else if (line.startsWith("a=rtcp:")) {
            rtcpPort = SessionDescription.parsePort(line.substring(7).split(" ")[0]);
        } else if (line.equals("a=rtcp-mux")) {
            mux = true;
        } else if (line.startsWith("a=ice-ufrag:")) {
            ufrag = line.substring(12).trim();
        } else if (line.startsWith("a=ice-pwd:")) {
            pwd = line.substring(10).trim();
        } else if (line.startsWith("a=fingerprint:")) {
            fingerprint = line.substring(14).trim();
        } else if (line.startsWith("a=setup:")) {
            setup = line.substring(8).trim();
        } else if (line.startsWith("a=mid:")) {
            mid = line.substring(6).trim();
        } else if (line.startsWith("a=crypto:")) {
            sdes = true;
        }
    }

    SessionDescription.Media build(MediaReader session) {
        return new SessionDescription.Media(index, type, address != null ? address : session.address, port,
                rtcpPort < 0 ? port + 1 : rtcpPort, mux, protocol,
                ufrag != null ? ufrag : session.ufrag, pwd != null ? pwd : session.pwd,
                fingerprint != null ? fingerprint : session.fingerprint, setup != null ? setup : session.setup, mid,
                sdes || session.sdes, java.util.List.copyOf(payloadTypes));
    }
}
