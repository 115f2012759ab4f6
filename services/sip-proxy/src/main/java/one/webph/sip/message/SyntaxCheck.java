package one.webph.sip.message;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    private static final Set<String> SINGLE_VALUED = Set.of(
            "call-id", "cseq", "from", "to", "max-forwards", "content-length", "content-type", "expires");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");
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
            problem = contentLength(raw.values("content-length"), messageLength - raw.bodyOffset());
        }
        if (problem == null) {
            problem = cseq(raw.values("cseq"));
        }
        if (problem == null) {
            problem = addresses(raw);
        }
        return Optional.ofNullable(problem);
    }

    /** RFC 3261 §25.1: Method SP Request-URI SP SIP-Version, single spaces, nothing after. */
    private static Problem requestLine(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return bad("the Request-Line is not Method SP Request-URI SP SIP-Version");
        }
        if (!SCHEME.matcher(parts[1]).matches()) {
            return bad("the Request-URI is not an absolute URI");
        }
        if (!"SIP/2.0".equalsIgnoreCase(parts[2])) {
            return OTHER_SIP_VERSION.matcher(parts[2]).matches()
                    ? new Problem(505, "SIP version " + parts[2]) : bad("not a SIP version: " + parts[2]);
        }
        String scheme = parts[1].substring(0, parts[1].indexOf(':')).toLowerCase(java.util.Locale.ROOT);
        if ((scheme.equals("sip") || scheme.equals("sips")) && hasHeaders(parts[1])) {
            return bad("headers in the Request-URI"); // RFC 3261 §19.1.1, table 1: not allowed there.
        }
        return null;
    }

    private static Problem repeatedField(RawMessage raw) {
        Set<String> seen = new HashSet<>();
        for (RawMessage.Field field : raw.fields()) {
            if (field.name().isEmpty()) {
                return bad("a header line without a name and colon");
            }
            if (SINGLE_VALUED.contains(field.name()) && !seen.add(field.name())) {
                return bad("more than one " + field.name());
            }
        }
        return null;
    }

    /** RFC 3261 §18.3: a Content-Length beyond the datagram cannot be honoured; 1*DIGIT only. */
    private static Problem contentLength(List<String> values, int bodyBytes) {
        if (values.isEmpty()) {
            return null;
        }
        String value = values.get(0);
        if (!digits(value, 9)) {
            return bad("Content-Length is not a length");
        }
        if (Integer.parseInt(value) > bodyBytes) {
            return bad("Content-Length larger than the message");
        }
        return null;
    }

    private static Problem cseq(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        String value = values.get(0);
        int end = 0;
        while (end < value.length() && value.charAt(end) != ' ' && value.charAt(end) != '\t') {
            end++;
        }
        String number = value.substring(0, end);
        if (!digits(number, 10) || Long.parseLong(number) > MAX_CSEQ) {
            return bad("CSeq number out of range");
        }
        return null;
    }

    /** 1 to maxLength ASCII digits; a hand loop because a regex here is compiled for every message. */
    private static boolean digits(String value, int maxLength) {
        if (value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
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
        String display = value.substring(0, open).strip();
        if (!display.isEmpty() && !display.startsWith("\"") && !TOKENS.matcher(display).matches()) {
            return "a display name with other than token characters must be quoted";
        }
        int close = value.indexOf('>', open);
        if (close < 0) {
            return "no closing >";
        }
        String uri = value.substring(open + 1, close);
        return uri.equals(uri.strip()) ? null : "spaces inside <>";
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
