package one.webph.sip.api;

import java.util.List;

import one.webph.sip.routing.CommunityRoute;

/** A community route as the admin API shows it: whether credentials are set, never the hashes. */
public record CommunityRouteView(long id, String prefix, String name, String uri, String transport, String username, String realm,
                                 boolean hasCredentials, List<String> trustedSources) {

    static CommunityRouteView of(CommunityRoute route) {
        return new CommunityRouteView(route.id(), route.prefix(), route.name(), route.uri(), route.transport(), route.authUsername(),
                route.authRealm(), !route.authHa1().isEmpty(), route.trustedSources());
    }
}
