package one.webph.relay.session;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address written as a literal (dotted quad or RFC 5952 IPv6), read without any DNS
 * lookup: the ng controller and the SDP give addresses, never names we should resolve on the
 * control thread. Pure.
 */
public final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z]+)?");

    private IpLiteral() {
    }

    /** The address, or null when {@code text} is not an IP literal (a host name, garbage). */
    public static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String candidate = text.trim();
        boolean v4 = IPV4.matcher(candidate).matches();
        boolean v6 = !v4 && candidate.contains(":") && IPV6.matcher(candidate).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            // NOTE: getByName only resolves names; for a literal that the patterns let through it just parses.
            return InetAddress.getByName(candidate);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Private, shared (CGNAT), link-local and unspecified addresses: media from such a peer comes through a NAT. */
    public static boolean isBehindNat(InetAddress ip) {
        if (ip == null || ip.isAnyLocalAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress()) {
            return true;
        }
        byte[] bytes = ip.getAddress();
        // 100.64.0.0/10, RFC 6598 shared address space; fc00::/7, unique local IPv6.
        return bytes.length == 4 && (bytes[0] & 0xFF) == 100 && (bytes[1] & 0xC0) == 64
                || bytes.length == 16 && (bytes[0] & 0xFE) == 0xFC;
    }
}
