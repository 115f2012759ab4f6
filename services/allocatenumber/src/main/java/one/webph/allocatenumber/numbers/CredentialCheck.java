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

    /**
     * Whether an HTTP Digest answer was made with the number's credentials. The caller checks the
     * nonce and the URI.
     */
    public boolean verify(DigestResponse digest, String method) {
        String domain = config.sip().domain();
        if (!config.sip().domain().equals(digest.realm())) {
            return false;
        }
        Optional<Subscriber> subscriber = QuarkusTransaction.requiringNew()
                .call(() -> subscribers.findByNumber(digest.username(), domain));
        return subscriber.map(s -> digest.matches(digest.algorithm().equals("SHA-256") ? s.ha1Sha256 : s.ha1, method))
                .orElse(false);
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
