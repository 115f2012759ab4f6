package one.webph.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * A REGISTER without credentials read from its text alone, when every field of it is in a plain
 * form (a strict subset of RFC 3261's grammar) for which JAIN-SIP's parse could only confirm what
 * the text says: then its 401 is built from the fields as written, without that parse. Half of
 * every registration is this request, and the parse was the largest share of its CPU. Anything
 * else (another method, credentials, a Route, several Vias, an IPv6 host, a quoted pair, a body, a
 * field that is not in the list below) is not read here and takes the full parse, so no message
 * gets an answer here that the full path would not give it: a malformed one still gets its 400
 * there. Pure; an instance holds one request's echoed fields.
 */
public final class PlainRegister {

    /** Fields whose value JAIN-SIP keeps whatever it holds (as parsed or as written), so they cannot turn the answer into a 400. */
    private static final Set<String> PASSED_OVER = Set.of("user-agent", "allow", "supported", "allow-events", "accept",
            "accept-encoding", "accept-language", "organization", "subject");

    private static final String MAGIC_COOKIE = "z9hG4bK";

    private final String via;
    private final String from;
    private final String to;
    private final String callId;
    private final String cseq;

    private PlainRegister(String via, String from, String to, String callId, String cseq) {
        this.via = via;
        this.from = from;
        this.to = to;
        this.callId = callId;
        this.cseq = cseq;
    }

    /** The request when it is a plain REGISTER without credentials, else null (parse it in full). */
    public static PlainRegister read(byte[] bytes) {
        if (bytes.length < 9 || bytes[0] != 'R' || bytes[8] != ' ' || !plainLines(bytes)) {
            return null; // Not "REGISTER " is the cheapest refusal, for every other request.
        }
        RawMessage raw = RawMessage.split(bytes);
        if (raw == null || raw.bodyOffset() != bytes.length || SyntaxCheck.check(raw, bytes.length).isPresent()
                || !plainRequestLine(raw.startLine())) {
            return null;
        }
        int vias = 0;
        for (RawMessage.Field field : raw.fields()) {
            vias += field.name().equals("via") ? 1 : 0;
            if (!plainField(field.name(), field.value())) {
                return null;
            }
        }
        String via = raw.firstValue("via");
        String from = raw.firstValue("from");
        String to = raw.firstValue("to");
        String callId = raw.firstValue("call-id");
        String cseq = raw.firstValue("cseq");
        if (vias != 1 || from == null || to == null || callId == null || cseq == null) {
            return null;
        }
        return new PlainRegister(via, from, to, callId, cseq);
    }

    private static boolean plainRequestLine(String line) {
        int end = line.length() - " SIP/2.0".length();
        return line.startsWith("REGISTER ") && line.endsWith(" SIP/2.0") && end > 9 && PlainGrammar.sipUri(line, 9, end) == end;
    }

    /** A field in its plain form; the fields the answer echoes, those the parser must accept, a few passed over. */
    private static boolean plainField(String name, String value) {
        int end = value.length();
        return switch (name) {
            case "via" -> plainVia(value);
            case "from" -> PlainGrammar.address(value) >= 0;
            case "to" -> {
                int parameters = PlainGrammar.address(value);
                yield parameters >= 0 && !PlainGrammar.hasTag(value, parameters, end);
            }
            case "call-id" -> PlainGrammar.callId(value);
            case "cseq" -> {
                int number = PlainGrammar.digits(value, 0, end, 10);
                yield number > 0 && value.startsWith(" REGISTER", number) && number + 9 == end;
            }
            case "contact" -> PlainGrammar.contacts(value);
            case "max-forwards" -> {
                boolean number = PlainGrammar.digits(value, 0, end, 3) == end;
                yield number && Integer.parseInt(value) > 0 && Integer.parseInt(value) <= 255;
            }
            case "expires" -> PlainGrammar.digits(value, 0, end, 9) == end;
            case "content-length" -> value.equals("0");
            default -> PASSED_OVER.contains(name);
        };
    }

    /**
     * Printable ASCII lines ended by CRLF, none folded: what the scanners see is then what the
     * parser sees (a lone CR inside a value, say, is trimmed away by one and not by the other).
     */
    private static boolean plainLines(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\r') {
                if (i + 1 == bytes.length || bytes[i + 1] != '\n') {
                    return false;
                }
                i++;
                if (i + 1 < bytes.length && (bytes[i + 1] == ' ' || bytes[i + 1] == '\t')) {
                    return false;
                }
            } else if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * The request's one Via, which the answer follows back: a plain sent-by, a branch of RFC 3261's form, parameters
     * in lower case that are bare names or tokens, each once; an {@code rport} without a value or
     * with a port, a {@code received} with an IPv4 address.
     */
    private static boolean plainVia(String value) {
        int end = value.length();
        int sentBy = PlainGrammar.viaProtocol(value);
        int i = sentBy < 0 ? -1 : PlainGrammar.hostPort(value, sentBy, end);
        if (i < 0 || i == end || PlainGrammar.headerParameters(value, i, end) != end || value.indexOf('"', i) >= 0) {
            return false;
        }
        boolean branch = false;
        Set<String> names = new java.util.HashSet<>();
        for (String parameter : value.substring(i + 1).split(";")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String parameterValue = equals < 0 ? null : parameter.substring(equals + 1);
            if (!names.add(name) || !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
                return false; // The parser would keep one of two; which one is not ours to guess.
            }
            boolean plain = switch (name) {
                case "branch" -> branch = parameterValue != null && parameterValue.startsWith(MAGIC_COOKIE)
                        && !parameterValue.equals(MAGIC_COOKIE);
                case "rport" -> parameterValue == null
                        || PlainGrammar.portNumber(parameterValue, 0, parameterValue.length()) == parameterValue.length();
                case "received" -> parameterValue != null && PlainGrammar.isIpv4(parameterValue, 0, parameterValue.length());
                case "maddr", "ttl" -> false;
                default -> true;
            };
            if (!plain) {
                return false;
            }
        }
        return branch;
    }

    /**
     * The response, as text: the Via with {@code received} and {@code rport} noted as
     * {@link SipCodec#markReceived} does, From, To with a tag of ours, Call-ID and CSeq as the
     * request wrote them (RFC 3261 §8.2.6.2), then {@code fields} (whole header lines, no CRLF).
     */
    public byte[] answer(int status, String reason, String sourceHost, int sourcePort, List<String> fields) {
        StringBuilder text = new StringBuilder(512 + 160 * fields.size());
        text.append("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        text.append("Via: ").append(receivedVia(sourceHost, sourcePort)).append("\r\n");
        text.append("From: ").append(from).append("\r\n");
        text.append("To: ").append(to).append(";tag=").append(SipCodec.newTag()).append("\r\n");
        text.append("Call-ID: ").append(callId).append("\r\n");
        text.append("CSeq: ").append(cseq).append("\r\n");
        for (String field : fields) {
            text.append(field).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * RFC 3261 §18.2.1 and RFC 3581: {@code received} when the source is not the sent-by host or
     * the client asked for {@code rport}, which then gets the source port; both replace a value
     * already there, in place.
     */
    private String receivedVia(String sourceHost, int sourcePort) {
        int firstParameter = via.indexOf(';');
        String sentBy = via.substring(0, firstParameter);
        String host = sentBy.substring(sentBy.indexOf(' ') + 1);
        int colon = host.indexOf(':');
        host = colon < 0 ? host : host.substring(0, colon);
        String[] parameters = via.substring(firstParameter + 1).split(";");
        boolean rport = false;
        for (String parameter : parameters) {
            rport |= parameter.equals("rport") || parameter.startsWith("rport=");
        }
        boolean received = rport || !sourceHost.equals(host);
        StringBuilder out = new StringBuilder(via.length() + 40).append(sentBy);
        boolean receivedWritten = false;
        for (String parameter : parameters) {
            out.append(';');
            if (rport && (parameter.equals("rport") || parameter.startsWith("rport="))) {
                out.append("rport=").append(sourcePort);
            } else if (received && parameter.startsWith("received=")) {
                out.append("received=").append(sourceHost);
                receivedWritten = true;
            } else {
                out.append(parameter);
            }
        }
        if (received && !receivedWritten) {
            out.append(";received=").append(sourceHost);
        }
        return out.toString();
    }
}
