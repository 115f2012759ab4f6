package one.webph.allocatenumber.numbers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest hashes a SIP registrar needs instead of the password (RFC 2617 §3.2.2.2 HA1 and its
 * RFC 7616 SHA-256 variant), in the forms Kamailio's {@code auth_db} reads. Pure; thread-safe.
 *
 * @param ha1 MD5(username:realm:password), lower-case hex
 * @param ha1b MD5(username@domain:realm:password), for clients that send the full AOR as user name
 * @param ha1Sha256 SHA-256(username:realm:password), lower-case hex
 */
public record DigestHashes(String ha1, String ha1b, String ha1Sha256) {

    public static DigestHashes of(String username, String domain, String realm, String password) {
        return new DigestHashes(
                hex("MD5", username + ":" + realm + ":" + password),
                hex("MD5", username + "@" + domain + ":" + realm + ":" + password),
                hex("SHA-256", username + ":" + realm + ":" + password));
    }

    /** Compares in constant time, so response timing tells nothing about the stored hash. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    static String hex(String algorithm, String text) {
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks " + algorithm, e);
        }
    }
}
