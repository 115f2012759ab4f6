package one.webph.sip.auth;

/** A subscriber's digest secrets: HA1 for MD5 and for SHA-256 (no password exists anywhere). */
public record Credentials(String username, String domain, String ha1, String ha1Sha256) {

    @Override
    public String toString() {
        return "Credentials[" + username + "@" + domain + "]";
    }
}
