package one.webph.allocatenumber.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose announced body is larger than the limit with the same JSON error as
 * every other refusal, before a byte of it is read. (Vert.x would refuse it too, but with an empty
 * body.) Runs on the event loop, first of all routes.
 */
class BodySizeGuard {

    void install(@Observes Router router,
                 @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        long max = limit.asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && isOver(length, max)) {
                context.response().setStatusCode(413)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end("{\"error\":\"body_too_large\",\"message\":\"The body is larger than " + max + " bytes\"}")
                        // Do not wait for (and read) the rest of the body.
                        .onComplete(done -> context.request().connection().close());
                return;
            }
            context.next();
        });
    }

    private static boolean isOver(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
