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

    static JsonObject of(PwaHostConfig config, DeploymentAddresses addresses) {
        return new JsonObject()
                .put("sipWsUrl", addresses.sipWsUrl())
                .put("sipDomain", config.sipDomain())
                .put("allocateApiUrl", addresses.allocateApiUrl())
                .put("webpushApiUrl", addresses.webpushApiUrl())
                .put("sipApiUrl", addresses.sipApiUrl())
                .put("numberGroups", new JsonArray(config.numberGroups()));
    }
}
