package one.webph.ng;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bencode, the encoding of rtpengine's ng protocol: byte strings {@code 4:spam}, integers
 * {@code i42e}, lists {@code l...e} and dictionaries {@code d...e}. Strings are decoded as
 * ISO-8859-1 so every byte survives (SDP is ASCII; anything else passes through unchanged).
 * Pure; thread-safe. Decoding refuses malformed input with {@link BencodeException}, bounded in
 * depth and length so hostile input cannot exhaust the stack or the heap.
 */
public final class Bencode {

    static final int MAX_DEPTH = 32;

    private Bencode() {
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(value, out);
        return out.toByteArray();
    }

    /** Decodes exactly one value that fills {@code bytes[offset, offset + length)}. */
    public static Object decode(byte[] bytes, int offset, int length) {
        Reader reader = new Reader(bytes, offset, offset + length);
        Object value = reader.value(0);
        if (reader.at != reader.end) {
            throw new BencodeException("trailing bytes after the value at offset " + (reader.at - offset));
        }
        return value;
    }

    private static void write(Object value, ByteArrayOutputStream out) {
        if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
            out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
        } else if (value instanceof Number n) {
            out.writeBytes(("i" + n.longValue() + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(item -> write(item, out));
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            map.forEach((k, v) -> {
                write(String.valueOf(k), out);
                write(v, out);
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("bencode has no form for " + (value == null ? "null" : value.getClass().getName()));
        }
    }

    private static final class Reader {
        final byte[] bytes;
        final int end;
        int at;

        Reader(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.at = start;
            this.end = end;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new BencodeException("nested deeper than " + MAX_DEPTH);
            }
            if (at >= end) {
                throw new BencodeException("input ends where a value should start");
            }
            byte b = bytes[at];
            if (b == 'i') {
                at++;
                long value = number('e');
                return value;
            }
            if (b == 'l') {
                at++;
                List<Object> list = new ArrayList<>();
                while (peek() != 'e') {
                    list.add(value(depth + 1));
                }
                at++;
                return list;
            }
            if (b == 'd') {
                at++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (peek() != 'e') {
                    if (peek() < '0' || peek() > '9') {
                        throw new BencodeException("a dictionary key must be a string");
                    }
                    String key = string();
                    map.put(key, value(depth + 1));
                }
                at++;
                return map;
            }
            if (b >= '0' && b <= '9') {
                return string();
            }
            throw new BencodeException("unexpected byte '" + (char) b + "' at " + at);
        }

        String string() {
            long length = number(':');
            if (length < 0 || length > end - at) {
                throw new BencodeException("string length " + length + " runs past the input");
            }
            String value = new String(bytes, at, (int) length, StandardCharsets.ISO_8859_1);
            at += (int) length;
            return value;
        }

        long number(char terminator) {
            int start = at;
            while (at < end && bytes[at] != terminator) {
                at++;
            }
            if (at >= end || at == start || at - start > 19) {
                throw new BencodeException("bad number at " + start);
            }
            String text = new String(bytes, start, at - start, StandardCharsets.US_ASCII);
            at++;
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new BencodeException("bad number '" + text + "'");
            }
        }

        byte peek() {
            if (at >= end) {
                throw new BencodeException("input ends inside a list or dictionary");
            }
            return bytes[at];
        }
    }
}
