package one.webph.allocatenumber.api;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import one.webph.allocatenumber.clients.ApiKeys;
import one.webph.allocatenumber.clients.Scope;
import one.webph.allocatenumber.config.AllocateConfig;

/**
 * Decides who may use the admin API: the operator's key ({@code ADMIN_API_KEY}) may do
 * everything; a peer's API key only what its scopes allow. Keys are compared in constant time.
 */
@ApplicationScoped
class AdminAccess {

    private final AllocateConfig config;
    private final ApiKeys apiKeys;

    AdminAccess(AllocateConfig config, ApiKeys apiKeys) {
        this.config = config;
        this.apiKeys = apiKeys;
    }

    /** Passes for the operator, or for a peer with the scope; otherwise throws 401. */
    void require(String authorization, Scope scope) {
        String key = Authorization.bearer(authorization)
                .orElseThrow(() -> ApiException.unauthorized("Send 'Authorization: Bearer <admin or api key>'"));
        if (isOperator(key)) {
            return;
        }
        if (scope == null || apiKeys.authorize(key, scope).isEmpty()) {
            throw ApiException.unauthorized("The key is not allowed here");
        }
    }

    /** Passes for the operator only. */
    void requireOperator(String authorization) {
        require(authorization, null);
    }

    private boolean isOperator(String key) {
        return config.admin().apiKey()
                .filter(admin -> !admin.isBlank())
                .map(admin -> MessageDigest.isEqual(admin.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }
}
