package one.webph.allocatenumber.numbers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP Digest {@code Authorization} header (RFC 7616 §3.4) and its check against a stored HA1,
 * so a device that keeps only HA1 (as the phone app does) can prove it knows the password. Only
 * {@code qop=auth} is accepted, with MD5 or SHA-256. Pure.
 */
public record DigestResponse(String username, String realm, String nonce, String uri, String algorithm,
                             String qop, String nc, String cnonce, String response) {

    private static final Pattern PARAMETER = Pattern.compile("([A-Za-z0-9_-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s,]+))");

    public static Optional<DigestResponse> parse(String header) {
        if (header == null || !header.regionMatches(true, 0, "Digest ", 0, 7) || header.length() > 2048) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(header.substring(7));
        while (matcher.find()) {
            String value = matcher.group(2) != null ? matcher.group(2).replaceAll("\\\\(.)", "$1") : matcher.group(3);
            parameters.put(matcher.group(1).toLowerCase(java.util.Locale.ROOT), value);
        }
        String algorithm = parameters.getOrDefault("algorithm", "MD5").toUpperCase(java.util.Locale.ROOT);
        DigestResponse digest = new DigestResponse(parameters.get("username"), parameters.get("realm"),
                parameters.get("nonce"), parameters.get("uri"), algorithm, parameters.get("qop"),
                parameters.get("nc"), parameters.get("cnonce"), parameters.get("response"));
        boolean complete = digest.username != null && digest.realm != null && digest.nonce != null && digest.uri != null
                && digest.nc != null && digest.cnonce != null && digest.response != null && "auth".equals(digest.qop)
                && (algorithm.equals("MD5") || algorithm.equals("SHA-256"));
        return complete ? Optional.of(digest) : Optional.empty();
    }

    /** Whether the response was computed from this HA1 (MD5 or SHA-256, matching the algorithm) for the method. */
    public boolean matches(String ha1, String method) {
        String hash = algorithm.equals("SHA-256") ? "SHA-256" : "MD5";
        String ha2 = DigestHashes.hex(hash, method + ":" + uri);
        String expected = DigestHashes.hex(hash, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        return DigestHashes.sameHash(expected, response.toLowerCase(java.util.Locale.ROOT));
    }
}
