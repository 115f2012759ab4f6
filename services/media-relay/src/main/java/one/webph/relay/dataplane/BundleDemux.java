package one.webph.relay.dataplane;

import io.netty.buffer.ByteBuf;

/**
 * Which media section a packet on a bundled port belongs to (RFC 9143 section 9.2): an SSRC seen
 * before keeps its section; a new SSRC is placed by its payload type, which BUNDLE requires to be
 * unique across the sections; RTCP goes with its sender's SSRC, or to the first section when that
 * SSRC never sent RTP (a receive-only reporter). Arrays, not maps: no allocation per packet.
 * Written and read on the bundled port's event loop only.
 */
final class BundleDemux {

    /** A browser has a few SSRCs per section (media, RTX, FEC); beyond this, new ones are placed by payload type each time. */
    private static final int MAX_LEARNT = 64;

    private final int[][] payloadTypes;
    private final int[] ssrcs = new int[MAX_LEARNT];
    private final int[] sections = new int[MAX_LEARNT];
    private int learnt;

    /** @param payloadTypes per media section, in m= line order, the payload types the peer listed */
    BundleDemux(int[][] payloadTypes) {
        this.payloadTypes = payloadTypes;
    }

    int sections() {
        return payloadTypes.length;
    }

    /** The section of an RTP packet, or -1 when neither its SSRC nor its payload type is known. */
    int sectionOfRtp(ByteBuf packet) {
        if (packet.readableBytes() < 12) {
            return -1;
        }
        int ssrc = packet.getInt(packet.readerIndex() + 8);
        int known = lookup(ssrc);
        if (known >= 0) {
            return known;
        }
        int payloadType = packet.getUnsignedByte(packet.readerIndex() + 1) & 0x7F;
        for (int section = 0; section < payloadTypes.length; section++) {
            for (int type : payloadTypes[section]) {
                if (type == payloadType) {
                    if (learnt < MAX_LEARNT) {
                        ssrcs[learnt] = ssrc;
                        sections[learnt++] = section;
                    }
                    return section;
                }
            }
        }
        return -1;
    }

    /** The section of an RTCP compound packet: its first sender SSRC's, else the first section. */
    int sectionOfRtcp(ByteBuf packet) {
        if (packet.readableBytes() < 8) {
            return 0;
        }
        int known = lookup(packet.getInt(packet.readerIndex() + 4));
        return known >= 0 ? known : 0;
    }

    private int lookup(int ssrc) {
        for (int i = 0; i < learnt; i++) {
            if (ssrcs[i] == ssrc) {
                return sections[i];
            }
        }
        return -1;
    }
}
