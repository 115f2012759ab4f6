package one.webph.sip.message;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The RFC 3261 grammar rules JAIN-SIP's lenient parser lets through, checked on the raw text
 * (the RFC 4475 torture messages are the cases): the Request-Line's shape and version, fields that
 * may appear once, Content-Length framing, the CSeq range, and name-addr forms in From, To and
 * Contact. Pure.
 */
final class SyntaxCheck {

    /** What is wrong, and the status to answer a request with (400, or 505 for the version). */
    record Problem(int status, String reason) {
    }

    /** RFC 3261 §7.3.1: only comma-list fields may repeat; these are single values. */
    private static final List<String> SINGLE_VALUED = List.of(
            "call-id", "cseq", "from", "to", "max-forwards", "content-length", "content-type", "expires");
    private static final Pattern OTHER_SIP_VERSION = Pattern.compile("(?i)SIP/[0-9]+\\.[0-9]+");
    private static final Pattern TOKENS = Pattern.compile("[A-Za-z0-9.!%*_+`'~-]+([ \t]+[A-Za-z0-9.!%*_+`'~-]+)*");
    /** RFC 3261 §8.1.1.5: the CSeq number MUST be less than 2**31. */
    private static final long MAX_CSEQ = (1L << 31) - 1;

    private SyntaxCheck() {
    }

    static Optional<Problem> check(RawMessage raw, int messageLength) {
        Problem problem = raw.isResponse() ? null : requestLine(raw.startLine());
        if (problem == null) {
            problem = repeatedField(raw);
        }
        if (problem == null) {
            problem = contentLength(raw.firstValue("content-length"), messageLength - raw.bodyOffset());
        }
        if (problem == null) {
            problem = cseq(raw.firstValue("cseq"));
        }
        if (problem == null) {
            problem = addresses(raw);
        }
        return Optional.ofNullable(problem);
    }

    /**
     * RFC 3261 §25.1: Method SP Request-URI SP SIP-Version, single spaces, nothing after. Read by
     * offsets: this runs for every request, and splitting and matching allocated for each.
     */
    private static Problem requestLine(String line) {
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        if (first <= 0 || second <= first + 1 || second == line.length() - 1 || line.indexOf(' ', second + 1) >= 0) {
            return bad("the Request-Line is not Method SP Request-URI SP SIP-Version");
        }
        int uri = first + 1;
        if (!absoluteUri(line, uri, second)) {
            return bad("the Request-URI is not an absolute URI");
        }
        String version = line.substring(second + 1);
        if (!"SIP/2.0".equalsIgnoreCase(version)) {
            return OTHER_SIP_VERSION.matcher(version).matches()
                    ? new Problem(505, "SIP version " + version) : bad("not a SIP version: " + version);
        }
        boolean sip = line.regionMatches(true, uri, "sip:", 0, 4) || line.regionMatches(true, uri, "sips:", 0, 5);
        if (sip && hasHeaders(line.substring(uri, second))) {
            return bad("headers in the Request-URI"); // RFC 3261 §19.1.1, table 1: not allowed there.
        }
        return null;
    }

    /**
     * RFC 3986 scheme ":" and the rest, as the pattern {@code [A-Za-z][A-Za-z0-9+.-]*:.*} would
     * match it (its '.' takes no line terminator: CR and NEL are the ones ISO-8859-1 text can hold).
     */
    private static boolean absoluteUri(String text, int start, int end) {
        if (!isLetter(text.charAt(start))) {
            return false;
        }
        int i = start + 1;
        while (i < end && text.charAt(i) != ':') {
            char c = text.charAt(i);
            if (!isLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') {
                return false;
            }
            i++;
        }
        if (i == end) {
            return false;
        }
        for (i++; i < end; i++) {
            if (text.charAt(i) == '\r' || text.charAt(i) == '\u0085') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static Problem repeatedField(RawMessage raw) {
        int seen = 0; // A bit per SINGLE_VALUED name.
        for (RawMessage.Field field : raw.fields()) {
            if (field.name().isEmpty()) {
                return bad("a header line without a name and colon");
            }
            int index = SINGLE_VALUED.indexOf(field.name());
            if (index >= 0) {
                if ((seen & 1 << index) != 0) {
                    return bad("more than one " + field.name());
                }
                seen |= 1 << index;
            }
        }
        return null;
    }

    /** RFC 3261 §18.3: a Content-Length beyond the datagram cannot be honoured; 1*DIGIT only. */
    private static Problem contentLength(String value, int bodyBytes) {
        if (value == null) {
            return null;
        }
        if (PlainGrammar.digits(value, 0, value.length(), 9) != value.length()) {
            return bad("Content-Length is not a length");
        }
        if (Integer.parseInt(value) > bodyBytes) {
            return bad("Content-Length larger than the message");
        }
        return null;
    }

    private static Problem cseq(String value) {
        if (value == null) {
            return null;
        }
        int end = 0;
        while (end < value.length() && value.charAt(end) != ' ' && value.charAt(end) != '\t') {
            end++;
        }
        if (PlainGrammar.digits(value, 0, end, 10) != end || Long.parseLong(value, 0, end, 10) > MAX_CSEQ) {
            return bad("CSeq number out of range");
        }
        return null;
    }

    private static Problem addresses(RawMessage raw) {
        for (RawMessage.Field field : raw.fields()) {
            String problem = switch (field.name()) {
                case "from", "to" -> nameAddr(field.value());
                case "contact" -> bareUriWithHeaders(field.value());
                default -> null;
            };
            if (problem != null) {
                return bad(field.name() + ": " + problem);
            }
        }
        return null;
    }

    /** RFC 3261 §25.1 name-addr: a display name of tokens or one quoted string, no spaces in {@code <>}. */
    private static String nameAddr(String value) {
        int open = indexOutsideQuotes(value, '<');
        if (open < 0) {
            return bareUriWithHeaders(value);
        }
        int displayStart = 0;
        int displayEnd = open;
        while (displayStart < displayEnd && Character.isWhitespace(value.charAt(displayStart))) {
            displayStart++;
        }
        while (displayEnd > displayStart && Character.isWhitespace(value.charAt(displayEnd - 1))) {
            displayEnd--;
        }
        if (displayEnd > displayStart && value.charAt(displayStart) != '"'
                && !TOKENS.matcher(value.substring(displayStart, displayEnd)).matches()) {
            return "a display name with other than token characters must be quoted";
        }
        int close = value.indexOf('>', open);
        if (close < 0) {
            return "no closing >";
        }
        boolean padded = close > open + 1
                && (Character.isWhitespace(value.charAt(open + 1)) || Character.isWhitespace(value.charAt(close - 1)));
        return padded ? "spaces inside <>" : null;
    }

    /** RFC 3261 §20.10: a URI with headers ('?') must be in name-addr form, inside {@code <>}. */
    private static String bareUriWithHeaders(String value) {
        return indexOutsideQuotes(value, '<') < 0 && hasHeaders(value) ? "a URI with headers outside <>" : null;
    }

    /** Headers start at a '?' after the host; a '?' in the user part is just a character. */
    private static boolean hasHeaders(String uri) {
        return uri.indexOf('?', uri.lastIndexOf('@') + 1) >= 0;
    }

    private static int indexOutsideQuotes(String value, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static Problem bad(String reason) {
        return new Problem(400, reason);
    }
}
