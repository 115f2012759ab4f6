package one.webph.sip.routing;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

import one.webph.sip.auth.CredentialStore;
import one.webph.sip.config.SipConfig;
import one.webph.sip.location.Binding;
import one.webph.sip.location.LocationStore;

/**
 * Decides where a number is: a local subscriber (with or without live bindings), else the
 * community server with the longest matching prefix, else nowhere. Reads the database: call it
 * off the event loop.
 */
@ApplicationScoped
public class NumberRouter {

    private final SipConfig config;
    private final CredentialStore subscribers;
    private final LocationStore locations;
    private final CommunityRoutes communityRoutes;

    NumberRouter(SipConfig config, CredentialStore subscribers, LocationStore locations, CommunityRoutes communityRoutes) {
        this.config = config;
        this.subscribers = subscribers;
        this.locations = locations;
        this.communityRoutes = communityRoutes;
    }

    public Destination route(String number) {
        if (!number.isEmpty() && subscribers.find(number, config.domain()).isPresent()) {
            List<Binding> bindings = locations.live(number, config.domain());
            return bindings.isEmpty() ? new Destination.LocalOffline(number) : new Destination.LocalBindings(number, bindings);
        }
        return communityRoutes.forNumber(number)
                .<Destination>map(route -> new Destination.Community(number, route))
                .orElseGet(() -> new Destination.Unknown(number));
    }

    /** Whether {@link #route} would answer from memory (subscriber and bindings cached), without a query. */
    public boolean routesWithoutBlocking(String number) {
        if (number.isEmpty()) {
            return true;
        }
        if (!subscribers.isCached(number, config.domain())) {
            return false;
        }
        return subscribers.find(number, config.domain()).isEmpty() || locations.isCached(number, config.domain());
    }

    /** Whether the number belongs to one of our subscribers. */
    public boolean isLocal(String number) {
        return !number.isEmpty() && subscribers.find(number, config.domain()).isPresent();
    }
}
