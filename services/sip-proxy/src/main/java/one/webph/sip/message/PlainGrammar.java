package one.webph.sip.message;

/**
 * Recognizers for the plain forms {@link PlainRegister} reads: strict subsets of RFC 3261's
 * grammar, scanned by hand over a string (regular expressions for the same forms cost more CPU
 * than the parse they spare). Each takes a position and returns where its form ends there, or -1
 * when the text is not in that form. Pure.
 */
final class PlainGrammar {

    /** RFC 3261 token characters. */
    private static final boolean[] TOKEN = chars("A-Za-z0-9", ".!%*_+`'~-");
    /** unreserved and user-unreserved characters of a URI's user part, without escapes, ';', '?' and '/'. */
    private static final boolean[] USER = chars("A-Za-z0-9", "_.!~*'()&=+$,-");
    /** A URI parameter's name and value, without escapes. */
    private static final boolean[] URI_PARAMETER = chars("A-Za-z0-9", "_.!~*'+-");
    /** Call-ID word characters, without '"', '\', '<' and '>'. */
    private static final boolean[] CALL_ID = chars("A-Za-z0-9", ".!%*_+`'~()/:[]?{}-");
    private static final boolean[] HOST_LABEL = chars("A-Za-z0-9", "-");
    private static final String[] VIA_TRANSPORTS = {"UDP", "TCP", "TLS", "SCTP", "WS", "WSS"};

    private PlainGrammar() {
    }

    private static boolean[] chars(String ranges, String others) {
        boolean[] table = new boolean[128];
        for (int i = 0; i + 2 < ranges.length(); i += 3) {
            for (char c = ranges.charAt(i); c <= ranges.charAt(i + 2); c++) {
                table[c] = true;
            }
        }
        for (char c : others.toCharArray()) {
            table[c] = true;
        }
        return table;
    }

    private static boolean is(boolean[] table, String text, int at, int end) {
        if (at >= end) {
            return false;
        }
        char c = text.charAt(at);
        return c < 128 && table[c];
    }

    /** The end of a run of characters of the table from {@code at} (at itself when there is none). */
    private static int run(boolean[] table, String text, int at, int end) {
        while (is(table, text, at, end)) {
            at++;
        }
        return at;
    }

    /** The end of a run of 1 to {@code max} ASCII digits, or -1 (also when more digits follow). */
    static int digits(String text, int at, int end, int max) {
        int i = at;
        while (i < end && i - at < max && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i == at || i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9' ? -1 : i;
    }

    static int token(String text, int at, int end) {
        int i = run(TOKEN, text, at, end);
        return i == at ? -1 : i;
    }

    /** A quoted string of printable ASCII without '"' and '\' (so no quoted pairs). */
    static int quoted(String text, int at, int end) {
        if (at >= end || text.charAt(at) != '"') {
            return -1;
        }
        for (int i = at + 1; i < end; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c < ' ' || c > '~' || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * A host name by labels or a dotted quad of 0-255 (a last label that begins with a digit must
     * be one); no IPv6 reference.
     */
    static int host(String text, int at, int end) {
        int i = at;
        int lastLabel = at;
        while (true) {
            int labelEnd = run(HOST_LABEL, text, i, end);
            if (labelEnd == i || text.charAt(i) == '-' || text.charAt(labelEnd - 1) == '-' || labelEnd - i > 63) {
                return -1;
            }
            lastLabel = i;
            i = labelEnd;
            if (i < end && text.charAt(i) == '.' && is(HOST_LABEL, text, i + 1, end)) {
                i++;
            } else {
                break;
            }
        }
        char first = text.charAt(lastLabel);
        return first >= '0' && first <= '9' && !isIpv4(text, at, i) ? -1 : i;
    }

    static boolean isIpv4(String text, int at, int end) {
        int parts = 0;
        int i = at;
        while (parts < 4) {
            int partEnd = digits(text, i, end, 3);
            if (partEnd < 0 || Integer.parseInt(text, i, partEnd, 10) > 255) {
                return false;
            }
            parts++;
            i = partEnd;
            if (parts < 4) {
                if (i >= end || text.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == end;
    }

    /** ":" and a port number, or -1. */
    static int port(String text, int at, int end) {
        return at >= end || text.charAt(at) != ':' ? -1 : portNumber(text, at + 1, end);
    }

    /** The end of a port number of 1-65535, or -1. */
    static int portNumber(String text, int at, int end) {
        int portEnd = digits(text, at, end, 5);
        if (portEnd < 0) {
            return -1;
        }
        int port = Integer.parseInt(text, at, portEnd, 10);
        return port == 0 || port > 65535 ? -1 : portEnd;
    }

    /** host [":" port] */
    static int hostPort(String text, int at, int end) {
        int i = host(text, at, end);
        if (i >= 0 && i < end && text.charAt(i) == ':') {
            i = port(text, i, end);
        }
        return i;
    }

    /** "sip:" or "sips:", [user "@"], host [":" port], then ";name[=value]" parameters. */
    static int sipUri(String text, int at, int end) {
        int i;
        if (text.startsWith("sip:", at)) {
            i = at + 4;
        } else if (text.startsWith("sips:", at)) {
            i = at + 5;
        } else {
            return -1;
        }
        int userEnd = run(USER, text, i, end);
        if (userEnd > i && userEnd < end && text.charAt(userEnd) == '@') {
            i = userEnd + 1;
        }
        i = hostPort(text, i, end);
        while (i >= 0 && i < end && text.charAt(i) == ';') {
            int nameEnd = run(URI_PARAMETER, text, i + 1, end);
            if (nameEnd == i + 1) {
                return -1;
            }
            i = nameEnd;
            if (i < end && text.charAt(i) == '=') {
                int valueEnd = run(URI_PARAMETER, text, i + 1, end);
                i = valueEnd == i + 1 ? -1 : valueEnd;
            }
        }
        return i > end ? -1 : i;
    }

    /**
     * [display-name [SP]] "<" SIP URI ">": the display name one quoted string or tokens with
     * single spaces, none beginning with '*' (which a Contact parser takes for the wildcard).
     */
    static int nameAddr(String text, int at, int end) {
        int i = at;
        if (i < end && text.charAt(i) == '"') {
            i = quoted(text, i, end);
            if (i < 0) {
                return -1;
            }
        } else if (i < end && text.charAt(i) != '<') {
            while (true) {
                if (i >= end || text.charAt(i) == '*') {
                    return -1;
                }
                i = token(text, i, end);
                if (i < 0) {
                    return -1;
                }
                if (i + 1 < end && text.charAt(i) == ' ' && text.charAt(i + 1) != '<') {
                    i++;
                } else {
                    break;
                }
            }
        }
        if (i > at && i < end && text.charAt(i) == ' ') {
            i++;
        }
        if (i >= end || text.charAt(i) != '<') {
            return -1;
        }
        i = sipUri(text, i + 1, end);
        return i < 0 || i >= end || text.charAt(i) != '>' ? -1 : i + 1;
    }

    /** ";name[=token or quoted string]" parameters of a header field. */
    static int headerParameters(String text, int at, int end) {
        int i = at;
        while (i >= 0 && i < end && text.charAt(i) == ';') {
            i = token(text, i + 1, end);
            if (i >= 0 && i < end && text.charAt(i) == '=') {
                i = i + 1 < end && text.charAt(i + 1) == '"' ? quoted(text, i + 1, end) : token(text, i + 1, end);
            }
        }
        return i;
    }

    /** Whether the header parameters from {@code at} (as {@link #headerParameters} accepted them) include a tag. */
    static boolean hasTag(String text, int at, int end) {
        int i = at;
        while (i < end && text.charAt(i) == ';') {
            int nameEnd = token(text, i + 1, end);
            if (nameEnd - i - 1 == 3 && text.regionMatches(true, i + 1, "tag", 0, 3)) {
                return true;
            }
            i = nameEnd;
            if (i < end && text.charAt(i) == '=') {
                i = text.charAt(i + 1) == '"' ? quoted(text, i + 1, end) : token(text, i + 1, end);
            }
        }
        return false;
    }

    /**
     * Where the header parameters of an address begin (after its '>'), when the whole value is a
     * name-addr with header parameters (From, To); else -1.
     */
    static int address(String value) {
        int end = value.length();
        int i = nameAddr(value, 0, end);
        return i >= 0 && headerParameters(value, i, end) == end ? i : -1;
    }

    /** The whole value is one or more name-addrs with header parameters, separated by commas. */
    static boolean contacts(String value) {
        int end = value.length();
        int i = 0;
        while (true) {
            i = nameAddr(value, i, end);
            i = i < 0 ? -1 : headerParameters(value, i, end);
            if (i < 0) {
                return false;
            }
            if (i == end) {
                return true;
            }
            if (value.charAt(i) == ' ') {
                i++;
            }
            if (i >= end || value.charAt(i) != ',') {
                return false;
            }
            i++;
            if (i < end && value.charAt(i) == ' ') {
                i++;
            }
        }
    }

    /** word ["@" word] of Call-ID characters. */
    static boolean callId(String value) {
        int end = value.length();
        int i = run(CALL_ID, value, 0, end);
        if (i == 0) {
            return false;
        }
        if (i < end && value.charAt(i) == '@') {
            int second = run(CALL_ID, value, i + 1, end);
            i = second == i + 1 ? -1 : second;
        }
        return i == end;
    }

    /** "SIP/2.0/" transport SP: where the sent-by begins, or -1. */
    static int viaProtocol(String value) {
        if (!value.startsWith("SIP/2.0/")) {
            return -1;
        }
        for (String transport : VIA_TRANSPORTS) {
            int end = 8 + transport.length();
            if (value.startsWith(transport, 8) && value.length() > end && value.charAt(end) == ' ') {
                return end + 1;
            }
        }
        return -1;
    }
}
