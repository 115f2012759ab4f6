package one.webph.pwa;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Puts the app on the HTTP router: security headers on every response, {@code /config.json}, and
 * the app's files. Requests for anything else go on to the next route (health, metrics) or 404.
 * The handlers run on Vert.x event-loop threads and only read immutable state.
 */
@ApplicationScoped
class AppRoutes {

    private static final Logger LOG = Logger.getLogger(AppRoutes.class);
    /** Before every other route, so that even errors and health answers carry the headers. */
    private static final int HEADERS_ORDER = Integer.MIN_VALUE + 100;

    private final PwaHostConfig config;
    private final Map<String, String> securityHeaders;
    private final Buffer configJson;
    private AppFiles files;

    AppRoutes(PwaHostConfig config) {
        this.config = config;
        DeploymentAddresses addresses = DeploymentAddresses.of(config);
        this.securityHeaders = SecurityHeaders.of(addresses);
        this.configJson = Buffer.buffer(ClientConfig.of(config, addresses).encodePrettily());
        LOG.infof("The app is told: SIP WebSocket %s, allocatenumber %s, webpush %s, sip-proxy %s",
                addresses.sipWsUrl(), addresses.allocateApiUrl(), addresses.webpushApiUrl(), addresses.sipApiUrl());
    }

    void onStart(@Observes StartupEvent event) {
        // Loaded here so a missing app stops the start with a clear message.
        files();
    }

    void register(@Observes Router router) {
        router.route().order(HEADERS_ORDER).handler(context -> {
            securityHeaders.forEach(context.response().headers()::set);
            context.next();
        });
        router.route("/config.json").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serveConfig);
        router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serveFile);
    }

    private synchronized AppFiles files() {
        if (files == null) {
            files = AppFiles.load(config.appDir());
            LOG.infof("Serving the app: %d files from %s", files.size(), config.appDir());
        }
        return files;
    }

    private void serveConfig(RoutingContext context) {
        context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.REVALIDATE);
        send(context, configJson);
    }

    private void serveFile(RoutingContext context) {
        Optional<AppFile> found = files().find(context.normalizedPath());
        if (found.isEmpty()) {
            context.next();
            return;
        }
        AppFile file = found.get();
        var response = context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, file.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.cacheControl(file.path()))
                .putHeader(HttpHeaders.ETAG, file.etag());
        if ("/sw.js".equals(file.path())) {
            // The service worker controls the whole origin.
            response.putHeader("Service-Worker-Allowed", "/");
        }
        if (file.hasGzip()) {
            response.putHeader(HttpHeaders.VARY, "Accept-Encoding");
        }
        if (file.etag().equals(context.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return;
        }
        if (file.hasGzip() && acceptsGzip(context)) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            send(context, Buffer.buffer(file.gzipped()));
        } else {
            send(context, Buffer.buffer(file.content()));
        }
    }

    private static boolean acceptsGzip(RoutingContext context) {
        String accepted = context.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
        return accepted != null && accepted.toLowerCase(java.util.Locale.ROOT).contains("gzip");
    }

    private static void send(RoutingContext context, Buffer body) {
        if (context.request().method() == HttpMethod.HEAD) {
            context.response().putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length())).end();
        } else {
            context.response().end(body);
        }
    }
}
