package one.webph.allocatenumber.numbers;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Optional;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import one.webph.allocatenumber.config.AllocateConfig;

/**
 * Allocates numbers. Each attempt finds a free number and inserts it in its own transaction; the
 * unique key on (username, domain) decides races between concurrent allocations, and the loser
 * simply tries another number. A failed attempt leaves nothing behind.
 */
@ApplicationScoped
public class NumberAllocator {

    private static final Logger LOG = Logger.getLogger(NumberAllocator.class);

    private final AllocateConfig config;
    private final NumberPlan plan;
    private final FreeNumberFinder finder;
    private final PasswordGenerator passwords;
    private final SubscriberRepository subscribers;

    NumberAllocator(AllocateConfig config, NumberPlan plan, FreeNumberFinder finder,
                    PasswordGenerator passwords, SubscriberRepository subscribers) {
        this.config = config;
        this.plan = plan;
        this.finder = finder;
        this.passwords = passwords;
        this.subscribers = subscribers;
    }

    /**
     * @throws UnknownPrefixException when the prefix is not configured
     * @throws PoolExhaustedException when no free number could be taken
     */
    public AllocatedNumber allocate(String requestedPrefix, String emailAddress) {
        NumberPrefix pool = plan.find(requestedPrefix).orElseThrow(() -> new UnknownPrefixException(requestedPrefix));
        String domain = config.sip().domain();
        for (int attempt = 1; attempt <= config.numbers().maxAttempts(); attempt++) {
            Optional<String> candidate = QuarkusTransaction.requiringNew().call(() -> finder.find(domain, pool));
            if (candidate.isEmpty()) {
                throw new PoolExhaustedException("All " + pool.size() + " numbers with prefix "
                        + pool.prefix() + " are taken");
            }
            String password = passwords.next();
            if (tryInsert(candidate.get(), domain, password, emailAddress)) {
                return new AllocatedNumber(candidate.get(), pool.prefix(), domain, password);
            }
            LOG.debugf("Number %s was taken by a concurrent allocation; drawing another", candidate.get());
        }
        throw new PoolExhaustedException("Could not take a free number with prefix " + pool.prefix()
                + " after " + config.numbers().maxAttempts() + " attempts; the pool is nearly full");
    }

    private boolean tryInsert(String number, String domain, String password, String emailAddress) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Subscriber subscriber = new Subscriber();
                subscriber.username = number;
                subscriber.domain = domain;
                subscriber.emailAddress = emailAddress;
                subscriber.setPassword(config.sip().domain(), password);
                subscribers.persist(subscriber);
                subscribers.flush();
            });
            return true;
        } catch (RuntimeException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException
                    || cause instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
