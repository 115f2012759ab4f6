package one.webph.relay.control.ng;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import java.util.Map;

/**
 * The browser tests again with the relay offering only AES_CM_128_HMAC_SHA1_80 in use_srtp, so
 * Chromium and the relay also agree on the counter-mode profile (the default picks AES-GCM).
 */
@QuarkusTest
@TestProfile(BrowserLegAesCmTest.AesCmOnly.class)
class BrowserLegAesCmTest extends BrowserLegTest {

    public static final class AesCmOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.media.srtp-profiles", "AES_CM_128_HMAC_SHA1_80");
        }
    }
}
