package one.webph.relay.srtp;

/**
 * One direction of SRTP for one leg: protects what we send, or unprotects what we receive, with
 * one master key and salt (from DTLS-SRTP key export). RTP and RTCP have their own session keys
 * and locks, so the RTP and RTCP sockets of a stream may use one context from two event loops.
 *
 * <p>Data enters and leaves in place on the caller's array: {@code buf[off, off+len)} holds the
 * packet, and protection needs {@link #MAX_OVERHEAD} spare bytes after it. Each method returns
 * the new length, or -1 when the packet is refused (too short, forged, replayed).
 */
public final class SrtpContext {

    /** Largest growth of a packet: GCM tag (16) plus the SRTCP index word (4). */
    public static final int MAX_OVERHEAD = 20;

    private final SrtpProfile profile;
    private final SessionCrypto rtp;
    private final SessionCrypto rtcp;
    private final SsrcState.Table states = new SsrcState.Table();
    private final byte[] rtpIv;
    private final byte[] rtcpIv;
    private final byte[] aad = new byte[12];

    public SrtpContext(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        if (masterKey.length != profile.keyLength || masterSalt.length != profile.saltLength) {
            throw new IllegalArgumentException("wrong master key or salt length for " + profile);
        }
        this.profile = profile;
        this.rtp = new SessionCrypto(profile, masterKey, masterSalt, false);
        this.rtcp = new SessionCrypto(profile, masterKey, masterSalt, true);
        this.rtpIv = new byte[profile.aead() ? 12 : 16];
        this.rtcpIv = new byte[profile.aead() ? 12 : 16];
    }

    public SrtpProfile profile() {
        return profile;
    }

    public int protectRtp(byte[] buf, int off, int len) {
        synchronized (rtp) {
            int header = RtpHeader.length(buf, off, len);
            if (header < 0) {
                return -1;
            }
            int ssrc = RtpHeader.ssrc(buf, off);
            SsrcState state = stateOf(ssrc);
            long index = state.nextSendIndex(RtpHeader.sequence(buf, off));
            if (profile.aead()) {
                gcmRtpIv(ssrc, index);
                int sealed = rtp.seal(rtpIv, buf, off, header, buf, off + header, len - header);
                return sealed < 0 ? -1 : header + sealed;
            }
            counterIv(rtpIv, rtp.salt(), ssrc, index);
            rtp.counterMode(rtpIv, buf, off + header, len - header);
            rtp.authTag(buf, off, len, index >>> 16, buf, off + len);
            return len + profile.tagLength;
        }
    }

    public int unprotectRtp(byte[] buf, int off, int len) {
        synchronized (rtp) {
            int header = RtpHeader.length(buf, off, len - profile.tagLength);
            if (header < 0) {
                return -1;
            }
            int ssrc = RtpHeader.ssrc(buf, off);
            SsrcState state = stateOf(ssrc);
            long index = state.guessIndex(RtpHeader.sequence(buf, off));
            if (index < 0 || !state.rtpWindow.isFresh(index)) {
                return -1;
            }
            int plain;
            if (profile.aead()) {
                gcmRtpIv(ssrc, index);
                int opened = rtp.open(rtpIv, buf, off, header, buf, off + header, len - header);
                if (opened < 0) {
                    return -1;
                }
                plain = header + opened;
            } else {
                int body = len - profile.tagLength;
                if (!rtp.tagMatches(buf, off, body, index >>> 16, off + body)) {
                    return -1;
                }
                counterIv(rtpIv, rtp.salt(), ssrc, index);
                rtp.counterMode(rtpIv, buf, off + header, body - header);
                plain = body;
            }
            state.rtpWindow.record(index);
            state.acceptReceived(index);
            return plain;
        }
    }

    public int protectRtcp(byte[] buf, int off, int len) {
        synchronized (rtcp) {
            if (len < 8) {
                return -1;
            }
            int ssrc = RtpHeader.rtcpSenderSsrc(buf, off);
            SsrcState state = stateOf(ssrc);
            long index = state.srtcpIndex;
            state.srtcpIndex = (index + 1) & 0x7FFFFFFFL;
            int word = (int) (0x80000000L | index);
            if (profile.aead()) {
                gcmRtcpIv(ssrc, index);
                aadFor(buf, off, word);
                int sealed = rtcp.seal(rtcpIv, aad, 0, 12, buf, off + 8, len - 8);
                if (sealed < 0) {
                    return -1;
                }
                int end = off + 8 + sealed;
                putInt(buf, end, word);
                return 8 + sealed + 4;
            }
            counterIv(rtcpIv, rtcp.salt(), ssrc, index);
            rtcp.counterMode(rtcpIv, buf, off + 8, len - 8);
            putInt(buf, off + len, word);
            rtcp.authTag(buf, off, len + 4, -1, buf, off + len + 4);
            return len + 4 + profile.tagLength;
        }
    }

    public int unprotectRtcp(byte[] buf, int off, int len) {
        synchronized (rtcp) {
            int tagLength = profile.aead() ? 0 : profile.tagLength;
            if (len < 8 + 4 + profile.tagLength) {
                return -1;
            }
            int wordAt = off + len - tagLength - 4;
            int word = getInt(buf, wordAt);
            boolean encrypted = word < 0;
            long index = word & 0x7FFFFFFFL;
            int ssrc = RtpHeader.rtcpSenderSsrc(buf, off);
            SsrcState state = stateOf(ssrc);
            if (!state.rtcpWindow.isFresh(index)) {
                return -1;
            }
            int plain;
            if (profile.aead()) {
                gcmRtcpIv(ssrc, index);
                aadFor(buf, off, word);
                if (encrypted) {
                    int opened = rtcp.open(rtcpIv, aad, 0, 12, buf, off + 8, wordAt - off - 8);
                    if (opened < 0) {
                        return -1;
                    }
                    plain = 8 + opened;
                } else {
                    return -1;
                }
            } else {
                if (!rtcp.tagMatches(buf, off, wordAt + 4 - off, -1, wordAt + 4)) {
                    return -1;
                }
                plain = wordAt - off;
                if (encrypted) {
                    counterIv(rtcpIv, rtcp.salt(), ssrc, index);
                    rtcp.counterMode(rtcpIv, buf, off + 8, plain - 8);
                }
            }
            state.rtcpWindow.record(index);
            return plain;
        }
    }

    private SsrcState stateOf(int ssrc) {
        synchronized (states) {
            return states.get(ssrc);
        }
    }

    /** RFC 3711 section 4.1.1: IV = (salt << 16) XOR (SSRC << 64) XOR (index << 16). */
    private static void counterIv(byte[] iv, byte[] salt, int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv[13 - i] ^= (byte) (index >>> (8 * i));
        }
    }

    /** RFC 7714 section 8.1: 00 00 || SSRC || ROC || SEQ, XOR the 96-bit salt. */
    private void gcmRtpIv(int ssrc, long index) {
        byte[] salt = rtp.salt();
        rtpIv[0] = 0;
        rtpIv[1] = 0;
        putInt(rtpIv, 2, ssrc);
        putInt(rtpIv, 6, (int) (index >>> 16));
        rtpIv[10] = (byte) (index >>> 8);
        rtpIv[11] = (byte) index;
        for (int i = 0; i < 12; i++) {
            rtpIv[i] ^= salt[i];
        }
    }

    /** RFC 7714 section 9.1: 00 00 || SSRC || 00 00 || 0 || SRTCP index, XOR the salt. */
    private void gcmRtcpIv(int ssrc, long index) {
        byte[] salt = rtcp.salt();
        rtcpIv[0] = 0;
        rtcpIv[1] = 0;
        putInt(rtcpIv, 2, ssrc);
        rtcpIv[6] = 0;
        rtcpIv[7] = 0;
        putInt(rtcpIv, 8, (int) index);
        for (int i = 0; i < 12; i++) {
            rtcpIv[i] ^= salt[i];
        }
    }

    /** RFC 7714 section 9.3: the first 8 bytes of the RTCP packet, then the E flag and SRTCP index. */
    private void aadFor(byte[] buf, int off, int word) {
        System.arraycopy(buf, off, aad, 0, 8);
        putInt(aad, 8, word);
    }

    static void putInt(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    static int getInt(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 24 | (buf[at + 1] & 0xFF) << 16 | (buf[at + 2] & 0xFF) << 8 | buf[at + 3] & 0xFF;
    }
}
