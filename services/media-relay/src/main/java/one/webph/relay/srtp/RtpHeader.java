package one.webph.relay.srtp;

/** Reads the few RTP and RTCP header fields SRTP needs (RFC 3550 section 5.1, 6.4). */
final class RtpHeader {

    private RtpHeader() {
    }

    /** Length of the RTP header with CSRCs and extension, or -1 when the packet is shorter than that. */
    static int length(byte[] buf, int off, int len) {
        if (len < 12) {
            return -1;
        }
        int header = 12 + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (len < header + 4) {
                return -1;
            }
            int words = (buf[off + header + 2] & 0xFF) << 8 | buf[off + header + 3] & 0xFF;
            header += 4 + 4 * words;
        }
        return header <= len ? header : -1;
    }

    static int sequence(byte[] buf, int off) {
        return (buf[off + 2] & 0xFF) << 8 | buf[off + 3] & 0xFF;
    }

    static int ssrc(byte[] buf, int off) {
        return SrtpContext.getInt(buf, off + 8);
    }

    static int rtcpSenderSsrc(byte[] buf, int off) {
        return SrtpContext.getInt(buf, off + 4);
    }
}
