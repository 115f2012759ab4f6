package one.webph.relay.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BundleDemuxTest {

    private final BundleDemux demux = new BundleDemux(new int[][] {{111, 0}, {96, 97}});

    @Test
    @DisplayName("a new SSRC is placed by payload type; once placed it stays, whatever payload type it sends next")
    void placesBySsrcThenPayloadType() {
        assertEquals(1, demux.sectionOfRtp(rtp(96, 0xAAAA)));
        assertEquals(0, demux.sectionOfRtp(rtp(111, 0xBBBB)));
        assertEquals(1, demux.sectionOfRtp(rtp(13, 0xAAAA)), "the video SSRC sends comfort noise: still video");
        assertEquals(-1, demux.sectionOfRtp(rtp(13, 0xCCCC)), "unknown SSRC and payload type: nowhere");
        assertEquals(-1, demux.sectionOfRtp(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 96})), "too short");
    }

    @Test
    @DisplayName("RTCP goes with its sender SSRC's section, else to the first section")
    void rtcpBySenderSsrc() {
        demux.sectionOfRtp(rtp(97, 0xAAAA));
        assertEquals(1, demux.sectionOfRtcp(rtcp(0xAAAA)));
        assertEquals(0, demux.sectionOfRtcp(rtcp(0xDDDD)), "a receive-only reporter");
    }

    private static ByteBuf rtp(int payloadType, int ssrc) {
        ByteBuf packet = Unpooled.buffer(20);
        packet.writeByte(0x80).writeByte(payloadType).writeShort(1).writeInt(0).writeInt(ssrc).writeInt(0);
        return packet;
    }

    private static ByteBuf rtcp(int ssrc) {
        ByteBuf packet = Unpooled.buffer(8);
        packet.writeByte(0x80).writeByte(201).writeShort(1).writeInt(ssrc);
        return packet;
    }
}
