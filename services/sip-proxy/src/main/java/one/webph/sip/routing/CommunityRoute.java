package one.webph.sip.routing;

import java.util.List;

/**
 * A community SIP server that owns the numbers starting with {@code prefix}: where its calls go,
 * the credentials we answer its challenges with (HA1 only), and the addresses its own requests
 * come from.
 */
public record CommunityRoute(long id, String prefix, String name, String uri, String transport, String authUsername,
                             String authRealm, String authHa1, String authHa1Sha256, List<String> trustedSources) {

    /** Whether {@code address} is one of this server's (an exact address or inside a CIDR block). */
    public boolean trusts(String address) {
        for (String source : trustedSources) {
            if (AddressBlock.parse(source).map(block -> block.contains(address)).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
