package one.webph.sip.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a test class a proxy of its own (Quarkus restarts around it), for tests that leave state
 * behind on purpose, such as a banned 127.0.0.1.
 */
public class OwnProxyInstance implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
