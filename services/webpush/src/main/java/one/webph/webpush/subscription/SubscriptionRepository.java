package one.webph.webpush.subscription;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Reads and writes {@code push_subscription}. Callers bring the transaction. */
@ApplicationScoped
public class SubscriptionRepository implements PanacheRepository<PushSubscription> {

    public Optional<PushSubscription> byDevice(String deviceId) {
        return find("deviceId", deviceId).firstResultOptional();
    }

    public long countForNumber(String number) {
        return count("number", number);
    }
}
