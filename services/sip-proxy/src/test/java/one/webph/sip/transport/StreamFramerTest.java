package one.webph.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StreamFramerTest {

    static final String OPTIONS = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nContent-Length: 4\r\n\r\nbody";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void twoMessagesInOneChunkComeOutAsTwo() {
        StreamFramer.Frames frames = new StreamFramer(65535).feed(bytes(OPTIONS + OPTIONS));
        assertEquals(2, frames.messages().size());
        assertEquals(OPTIONS, new String(frames.messages().get(1), StandardCharsets.UTF_8));
        assertNull(frames.error());
    }

    @Test
    void aMessageSplitAnywhereIsReassembled() {
        for (int cut = 1; cut < OPTIONS.length(); cut++) {
            StreamFramer framer = new StreamFramer(65535);
            assertEquals(0, framer.feed(bytes(OPTIONS.substring(0, cut))).messages().size());
            StreamFramer.Frames rest = framer.feed(bytes(OPTIONS.substring(cut)));
            assertEquals(1, rest.messages().size(), "cut at " + cut);
        }
    }

    @Test
    void compactContentLengthIsUnderstood() {
        String compact = OPTIONS.replace("Content-Length: 4", "l: 4");
        assertEquals(1, new StreamFramer(65535).feed(bytes(compact)).messages().size());
    }

    @Test
    void doubleCrlfIsAPingAndSingleCrlfIsNot() {
        StreamFramer framer = new StreamFramer(65535);
        assertEquals(1, framer.feed(bytes("\r\n\r\n")).pings());
        assertEquals(0, framer.feed(bytes("\r\n")).pings());
        assertEquals(1, framer.feed(bytes(OPTIONS)).messages().size());
    }

    @Test
    void aMessageWithoutContentLengthBreaksTheStream() {
        StreamFramer.Frames frames = new StreamFramer(65535).feed(bytes("OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n\r\n"));
        assertNotNull(frames.error());
    }

    @Test
    void oversizedMessagesAndEndlessHeadersAreRefused() {
        assertNotNull(new StreamFramer(100).feed(bytes(OPTIONS.replace("Content-Length: 4", "Content-Length: 5000"))).error());
        assertNotNull(new StreamFramer(100).feed(bytes("OPTIONS sip:a@b SIP/2.0\r\n" + "X: y\r\n".repeat(50))).error());
    }
}
