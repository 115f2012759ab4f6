package one.webph.sip.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a TCP or TLS byte stream into SIP messages (RFC 3261 §18.3): headers end at the first
 * empty line, the body is exactly Content-Length bytes. CRLFs between messages are RFC 5626
 * keep-alives: a double CRLF ping is reported so the transport can answer with a single CRLF
 * pong. A stream that breaks the limits or framing cannot be resynchronised and must be closed.
 */
public final class StreamFramer {

    /** What one chunk of the stream yielded. */
    public record Frames(List<byte[]> messages, int pings, String error) {
    }

    private final int maxMessageSize;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public StreamFramer(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public Frames feed(byte[] chunk) {
        pending.write(chunk, 0, chunk.length);
        byte[] data = pending.toByteArray();
        List<byte[]> messages = new ArrayList<>();
        int pings = 0;
        int start = 0;
        while (start < data.length) {
            int crlfs = leadingLineEnds(data, start);
            if (crlfs > 0) {
                if (start + crlfs == data.length && crlfs < 4 && isPrefixOfPing(data, start, crlfs)) {
                    break; // Maybe the first half of a CRLFCRLF ping: wait for the rest.
                }
                if (crlfs >= 4) {
                    pings++;
                }
                start += crlfs;
                continue;
            }
            int headerEnd = indexOfEmptyLine(data, start);
            if (headerEnd < 0) {
                if (data.length - start > maxMessageSize) {
                    return new Frames(messages, pings, "headers longer than " + maxMessageSize + " bytes");
                }
                break;
            }
            long contentLength = contentLength(data, start, headerEnd);
            if (contentLength < 0) {
                return new Frames(messages, pings, "a message without a valid Content-Length on a stream");
            }
            long total = (long) headerEnd + 4 - start + contentLength;
            if (total > maxMessageSize) {
                return new Frames(messages, pings, "a message of " + total + " bytes, above the limit of " + maxMessageSize);
            }
            if (data.length - start < total) {
                break;
            }
            byte[] message = new byte[(int) total];
            System.arraycopy(data, start, message, 0, message.length);
            messages.add(message);
            start += (int) total;
        }
        pending.reset();
        pending.write(data, start, data.length - start);
        return new Frames(messages, pings, null);
    }

    private static int leadingLineEnds(byte[] data, int from) {
        int i = from;
        while (i < data.length && (data[i] == '\r' || data[i] == '\n')) {
            i++;
        }
        return i - from;
    }

    private static boolean isPrefixOfPing(byte[] data, int from, int length) {
        byte[] ping = {'\r', '\n', '\r', '\n'};
        for (int i = 0; i < length; i++) {
            if (data[from + i] != ping[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfEmptyLine(byte[] data, int from) {
        for (int i = from; i + 3 < data.length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The Content-Length (or its compact form "l") of the header block; -1 when absent or invalid. */
    private static long contentLength(byte[] data, int from, int headerEnd) {
        String headers = new String(data, from, headerEnd - from, StandardCharsets.ISO_8859_1);
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || name.equals("l")) {
                try {
                    long value = Long.parseLong(line.substring(colon + 1).trim());
                    return value < 0 ? -1 : value;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
