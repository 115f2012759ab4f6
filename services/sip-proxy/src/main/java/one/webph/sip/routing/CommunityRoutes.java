package one.webph.sip.routing;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * The {@code community_route} table, held in memory for the routing path and read again every
 * few seconds (and at once after a change through this instance's admin API), so changes apply
 * without a restart on every proxy. Thread-safe: the list is replaced whole.
 */
@ApplicationScoped
public class CommunityRoutes {

    private static final Logger LOG = Logger.getLogger(CommunityRoutes.class);

    private final AgroalDataSource dataSource;
    private volatile List<CommunityRoute> routes = List.of();
    private volatile boolean loaded;

    CommunityRoutes(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The route with the longest prefix of {@code number}. */
    public Optional<CommunityRoute> forNumber(String number) {
        ensureLoaded();
        return routes.stream().filter(route -> number.startsWith(route.prefix())).findFirst();
    }

    /** The route whose server sent from {@code address}, if that address is trusted. */
    public Optional<CommunityRoute> trustedSource(String address) {
        ensureLoaded();
        for (CommunityRoute route : routes) {
            if (route.trusts(address)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** Whether the routes have been read, so {@link #trustedSource} answers without a query. */
    public boolean isLoaded() {
        return loaded;
    }

    public List<CommunityRoute> all() {
        ensureLoaded();
        return routes;
    }

    private void ensureLoaded() {
        if (!loaded) {
            reload();
        }
    }

    @Scheduled(every = "${sip.routing.refresh:5s}", delayed = "${sip.routing.refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void reload() {
        List<CommunityRoute> read = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, prefix, name, uri, transport, auth_username, auth_realm, auth_ha1,"
                     + " auth_ha1_sha256, trusted_sources FROM community_route");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                List<String> sources = Arrays.stream(r.getString(10).split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
                read.add(new CommunityRoute(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                        r.getString(7), r.getString(8), r.getString(9), sources));
            }
        } catch (SQLException e) {
            LOG.warnf("Could not read the community routes (keeping the %d known): %s", routes.size(), e.getMessage());
            return;
        }
        read.sort(Comparator.comparingInt((CommunityRoute route) -> route.prefix().length()).reversed());
        if (loaded && !read.equals(routes)) {
            LOG.infof("Community routes changed: %d routes", read.size());
        }
        routes = List.copyOf(read);
        loaded = true;
    }
}
