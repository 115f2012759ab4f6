package one.webph.allocatenumber.clients;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** A peer system allowed to call our APIs, identified by the SHA-256 of its key. */
@Entity
@Table(name = "api_client")
public class ApiClient {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(name = "key_prefix", nullable = false, length = 16)
    public String keyPrefix;

    @Column(name = "key_hash", nullable = false, length = 64)
    public String keyHash;

    /** Comma-separated scopes, e.g. {@code numbers:allocate,push:send}. */
    @Column(nullable = false, length = 512)
    public String scopes = "";

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    public Set<String> scopeSet() {
        return Arrays.stream(scopes.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
