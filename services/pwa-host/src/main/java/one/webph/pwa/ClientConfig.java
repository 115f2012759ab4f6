package one.webph.pwa;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The body of {@code /config.json}: what the app needs to know about this deployment. One build
 * of the app serves any deployment because it reads this at start (and keeps a copy for offline
 * starts and for its service worker).
 */
final class ClientConfig {

    private ClientConfig() {
    }

    static JsonObject of(PwaHostConfig config) {
        return new JsonObject()
                .put("sipWsUrl", config.sipWsUrl())
                .put("sipDomain", config.sipDomain())
                .put("allocateApiUrl", withoutTrailingSlash(config.allocateApiUrl()))
                .put("webpushApiUrl", withoutTrailingSlash(config.webpushApiUrl()))
                .put("sipApiUrl", withoutTrailingSlash(config.sipApiUrl()))
                .put("numberGroups", new JsonArray(config.numberGroups()));
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
