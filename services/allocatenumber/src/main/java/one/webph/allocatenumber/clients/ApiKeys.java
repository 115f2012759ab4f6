package one.webph.allocatenumber.clients;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates, finds and checks peers' API keys. A key is 32 random bytes (base64url, prefixed
 * {@code wpk_}); only its SHA-256 is stored, which is enough for a key that cannot be guessed,
 * and lets any service check a key with one indexed lookup.
 */
@ApplicationScoped
public class ApiKeys implements PanacheRepository<ApiClient> {

    static final String KEY_MARK = "wpk_";

    private final SecureRandom random = new SecureRandom();

    /** Creates a client; the returned key is never stored and cannot be shown again. */
    public CreatedKey create(String name, Set<Scope> scopes) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = KEY_MARK + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiClient client = new ApiClient();
        client.name = name;
        client.keyPrefix = key.substring(0, 12);
        client.keyHash = sha256(key);
        client.scopes = scopes.stream().map(Scope::value).sorted().collect(Collectors.joining(","));
        QuarkusTransaction.requiringNew().run(() -> persist(client));
        return new CreatedKey(client, key);
    }

    /** The client whose key this is, when it has the scope. */
    public Optional<ApiClient> authorize(String key, Scope scope) {
        if (key == null || !key.startsWith(KEY_MARK) || key.length() > 200) {
            return Optional.empty();
        }
        String hash = sha256(key);
        return QuarkusTransaction.requiringNew().call(() -> find("keyHash", hash).firstResultOptional()
                .filter(client -> client.scopeSet().contains(scope.value()))
                .map(client -> {
                    client.lastUsedAt = Instant.now();
                    return client;
                }));
    }

    public List<ApiClient> listAll() {
        return QuarkusTransaction.requiringNew().call(() -> findAll().list());
    }

    public boolean delete(long id) {
        return QuarkusTransaction.requiringNew().call(() -> deleteById(id));
    }

    public boolean nameTaken(String name) {
        return QuarkusTransaction.requiringNew().call(() -> count("name", name) > 0);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new client with the only copy of its key. */
    public record CreatedKey(ApiClient client, String key) {
    }
}
