package one.webph.allocatenumber.numbers;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

import one.webph.allocatenumber.config.AllocateConfig;

/**
 * Checks a number's SIP credentials and changes its password. An unknown number and a wrong
 * password look the same to the caller.
 */
@ApplicationScoped
public class CredentialCheck {

    private final AllocateConfig config;
    private final SubscriberRepository subscribers;

    CredentialCheck(AllocateConfig config, SubscriberRepository subscribers) {
        this.config = config;
        this.subscribers = subscribers;
    }

    /** Whether the password is the number's current one. */
    public boolean verify(String number, String password) {
        String domain = config.sip().domain();
        Optional<Subscriber> subscriber = QuarkusTransaction.requiringNew()
                .call(() -> subscribers.findByNumber(number, domain));
        String realm = config.sip().domain();
        // Hash even for unknown numbers so both cases take the same time.
        String offered = DigestHashes.of(number, domain, realm, password).ha1();
        return subscriber.map(s -> DigestHashes.sameHash(s.ha1, offered)).orElse(false);
    }

    /** Replaces the number's password; false when the number no longer exists. */
    public boolean changePassword(String number, String newPassword) {
        String domain = config.sip().domain();
        return QuarkusTransaction.requiringNew().call(() -> subscribers.findByNumber(number, domain)
                .map(s -> {
                    s.setPassword(config.sip().domain(), newPassword);
                    return true;
                })
                .orElse(false));
    }
}
