package one.webph.ng;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One ng datagram: {@code <cookie> <bencoded dictionary>}. Keys are normalized as rtpengine does
 * ({@code call-id}, {@code call_id} and {@code call id} are the same key: stored with hyphens,
 * lower case). The {@code flags} list and its words are normalized likewise. Immutable.
 */
public final class NgMessage {

    static final int MAX_COOKIE = 64;

    private final String cookie;
    private final Map<String, Object> dictionary;

    public NgMessage(String cookie, Map<String, Object> dictionary) {
        this.cookie = cookie;
        this.dictionary = dictionary;
    }

    /** @throws BencodeException when the datagram is not a cookie, a space and a dictionary */
    public static NgMessage parse(byte[] datagram, int offset, int length) {
        int space = -1;
        for (int i = offset; i < offset + Math.min(length, MAX_COOKIE + 1); i++) {
            if (datagram[i] == ' ') {
                space = i;
                break;
            }
        }
        if (space <= offset) {
            throw new BencodeException("no cookie: an ng message starts with '<cookie> '");
        }
        String cookie = new String(datagram, offset, space - offset, StandardCharsets.US_ASCII);
        Object body = Bencode.decode(datagram, space + 1, offset + length - space - 1);
        if (!(body instanceof Map<?, ?> map)) {
            throw new BencodeException("the message body must be a dictionary");
        }
        Map<String, Object> normalized = new LinkedHashMap<>();
        map.forEach((k, v) -> normalized.put(normalize(String.valueOf(k)), v));
        return new NgMessage(cookie, normalized);
    }

    /** Only the cookie of a datagram, to answer an unparseable message with an error. */
    public static Optional<String> cookieOf(byte[] datagram, int offset, int length) {
        for (int i = offset; i < offset + Math.min(length, MAX_COOKIE + 1); i++) {
            if (datagram[i] == ' ') {
                return i > offset ? Optional.of(new String(datagram, offset, i - offset, StandardCharsets.US_ASCII)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** rtpengine's rule: '-', '_' and ' ' are the same; case does not matter. */
    public static String normalize(String key) {
        return key.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    }

    public String cookie() {
        return cookie;
    }

    public Map<String, Object> dictionary() {
        return dictionary;
    }

    public Optional<String> string(String key) {
        Object value = dictionary.get(normalize(key));
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public String command() {
        return string("command").map(c -> normalize(c)).orElse("");
    }

    /** The {@code flags} list, normalized. */
    public List<String> flags() {
        Object value = dictionary.get("flags");
        List<String> flags = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> flags.add(normalize(String.valueOf(item))));
        }
        return flags;
    }

    /** A list-valued key (e.g. {@code replace}, {@code rtcp-mux}), its words normalized. */
    public List<String> list(String key) {
        Object value = dictionary.get(normalize(key));
        List<String> words = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> words.add(normalize(String.valueOf(item))));
        } else if (value instanceof String s) {
            words.add(normalize(s));
        }
        return words;
    }

    /** Encodes {@code <cookie> <dictionary>}. */
    public static byte[] encode(String cookie, Map<String, Object> reply) {
        byte[] head = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] body = Bencode.encode(reply);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }
}
