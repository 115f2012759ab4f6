package one.webph.sip.api;

import java.util.List;

/**
 * A community route as the operator writes it. The password is only used to compute the HA1
 * hashes that are stored; it is never kept nor shown again.
 */
public record CommunityRouteRequest(String prefix, String name, String uri, String transport, String username, String password,
                                    String realm, List<String> trustedSources) {
}
