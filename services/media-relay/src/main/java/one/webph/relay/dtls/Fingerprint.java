package one.webph.relay.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint as SDP carries it ({@code a=fingerprint:sha-256 AB:CD:...}, RFC 8122):
 * the hash function's name and the colon-separated upper-case hex of the hash of the DER
 * certificate. Immutable.
 */
public record Fingerprint(String algorithm, String value) {

    /** Parses the attribute value ({@code "sha-256 AB:CD:..."}); null when malformed. */
    public static Fingerprint parse(String attribute) {
        if (attribute == null) {
            return null;
        }
        String[] parts = attribute.trim().split("\\s+");
        if (parts.length != 2) {
            return null;
        }
        return new Fingerprint(parts[0].toLowerCase(Locale.ROOT), parts[1].toUpperCase(Locale.ROOT));
    }

    public static Fingerprint of(String algorithm, byte[] der) {
        byte[] hash = digest(algorithm, der);
        StringBuilder text = new StringBuilder();
        HexFormat hex = HexFormat.of().withUpperCase();
        for (int i = 0; i < hash.length; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(hex.toHexDigits(hash[i]));
        }
        return new Fingerprint(algorithm.toLowerCase(Locale.ROOT), text.toString());
    }

    /** True when {@code der} hashes to this fingerprint (with this fingerprint's hash function). */
    public boolean matches(byte[] der) {
        try {
            return of(algorithm, der).value.equals(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return algorithm + " " + value;
    }

    private static byte[] digest(String algorithm, byte[] data) {
        String jdkName = switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unknown fingerprint hash " + algorithm);
        };
        try {
            return MessageDigest.getInstance(jdkName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
