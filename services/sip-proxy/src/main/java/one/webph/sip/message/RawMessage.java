package one.webph.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A message as text before any parser sees it: the start line, the header fields unfolded (RFC
 * 3261 §7.3.1: a line starting with SP or HTAB continues the previous one) with their names in
 * full lower case (compact forms expanded, §7.3.3), and where the body starts. What JAIN-SIP
 * smooths over (extra spaces, repeated fields) stays visible here for {@link SyntaxCheck}. Pure.
 */
record RawMessage(String startLine, List<Field> fields, int bodyOffset) {

    /** One header field: its full lower-case name and its value, trimmed and unfolded. */
    record Field(String name, String value) {
    }

    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("i", "call-id"), Map.entry("m", "contact"), Map.entry("e", "content-encoding"),
            Map.entry("l", "content-length"), Map.entry("c", "content-type"), Map.entry("f", "from"),
            Map.entry("s", "subject"), Map.entry("k", "supported"), Map.entry("t", "to"), Map.entry("v", "via"),
            Map.entry("o", "event"), Map.entry("r", "refer-to"), Map.entry("u", "allow-events"),
            Map.entry("b", "referred-by"), Map.entry("x", "session-expires"));

    /**
     * Splits a datagram or framed stream message; null when it holds no start line. ISO-8859-1
     * keeps one char per byte, so offsets are byte offsets and UTF-8 values survive as bytes.
     */
    static RawMessage split(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int position = 0;
        while (position < text.length() && (text.charAt(position) == '\r' || text.charAt(position) == '\n')) {
            position++; // RFC 3261 §7.5: CRLFs before the start line are ignored.
        }
        if (position == text.length()) {
            return null;
        }
        // Fields are cut from the text by their offsets: a string per line, then another per
        // value, was a large share of what screening a message allocated.
        int startEnd = lineEnd(text, position);
        String startLine = text.substring(position, startEnd);
        position = nextLine(text, position);
        List<Field> fields = new ArrayList<>();
        while (position < text.length()) {
            int end = lineEnd(text, position);
            if (end == position) {
                position = nextLine(text, position);
                break;
            }
            int next = nextLine(text, position);
            if (next < text.length() && isFolding(text.charAt(next)) && lineEnd(text, next) > next) {
                StringBuilder unfolded = new StringBuilder(text.substring(position, end));
                while (next < text.length() && isFolding(text.charAt(next)) && lineEnd(text, next) > next) {
                    unfolded.append(' ').append(text.substring(next, lineEnd(text, next)).strip());
                    next = nextLine(text, next);
                }
                fields.add(field(unfolded.toString()));
            } else {
                fields.add(field(text, position, end));
            }
            position = next;
        }
        return new RawMessage(startLine, fields, position);
    }

    /** Where the line starting at {@code from} ends, before its CRLF or LF. */
    private static int lineEnd(String text, int from) {
        int newline = text.indexOf('\n', from);
        int end = newline < 0 ? text.length() : newline;
        return end > from && text.charAt(end - 1) == '\r' ? end - 1 : end;
    }

    private static int nextLine(String text, int from) {
        int newline = text.indexOf('\n', from);
        return newline < 0 ? text.length() : newline + 1;
    }

    /** RFC 3261 §7.3.1: a line starting with SP or HTAB continues the previous one. */
    private static boolean isFolding(char c) {
        return c == ' ' || c == '\t';
    }

    /** One unfolded header line as a field; the name is empty when the line has no colon. */
    static Field field(String line) {
        return field(line, 0, line.length());
    }

    /** The header line between the offsets as a field. */
    private static Field field(String text, int start, int end) {
        int colon = text.indexOf(':', start);
        if (colon < 0 || colon >= end) {
            return new Field("", text.substring(start, end));
        }
        int nameStart = skipBlanks(text, start, colon);
        int nameEnd = colon;
        while (nameEnd > nameStart && isBlank(text.charAt(nameEnd - 1))) {
            nameEnd--;
        }
        String name = knownName(text, nameStart, nameEnd);
        if (name == null) {
            name = text.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
            name = COMPACT.getOrDefault(name, name);
        }
        int valueStart = skipBlanks(text, colon + 1, end);
        int valueEnd = end;
        while (valueEnd > valueStart && isBlank(text.charAt(valueEnd - 1))) {
            valueEnd--;
        }
        return new Field(name, text.substring(valueStart, valueEnd));
    }

    /**
     * The fields every message carries, by their lower-case names: matched in place, since a copy
     * and a lower-casing per field were a large share of what parsing a message allocated.
     */
    private static final List<String> COMMON_NAMES = List.of("via", "from", "to", "call-id", "cseq", "max-forwards",
            "contact", "content-length", "content-type", "expires", "user-agent", "authorization", "proxy-authorization",
            "route", "record-route", "allow", "supported");

    private static String knownName(String line, int start, int end) {
        for (String name : COMMON_NAMES) {
            if (name.length() == end - start && line.regionMatches(true, start, name, 0, name.length())) {
                return name;
            }
        }
        return null;
    }

    private static int skipBlanks(String text, int from, int to) {
        while (from < to && isBlank(text.charAt(from))) {
            from++;
        }
        return from;
    }

    /** What String.strip() removes, for the characters a SIP message can hold. */
    private static boolean isBlank(char c) {
        return Character.isWhitespace(c);
    }

    boolean isResponse() {
        return startLine.startsWith("SIP/");
    }

    /** The request's method as written (the first token of the start line). */
    String method() {
        int space = startLine.indexOf(' ');
        return space < 0 ? startLine : startLine.substring(0, space);
    }

    List<String> values(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).map(Field::value).toList();
    }

    /** The value of the first field of that name, or null. */
    String firstValue(String name) {
        for (Field field : fields) {
            if (field.name().equals(name)) {
                return field.value();
            }
        }
        return null;
    }
}
