package one.webph.allocatenumber.numbers;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads and writes {@code subscriber} rows. Callers bring the transaction. */
@ApplicationScoped
public class SubscriberRepository implements PanacheRepository<Subscriber> {

    public Optional<Subscriber> findByNumber(String number, String domain) {
        return find("username = ?1 and domain = ?2", number, domain).firstResultOptional();
    }

    /** The numbers already taken between two numbers of one pool, both ends included. */
    Set<String> takenBetween(String domain, String first, String last) {
        List<String> taken = getEntityManager()
                .createQuery("select s.username from Subscriber s where s.username between :first and :last"
                        + " and s.domain = :domain", String.class)
                .setParameter("first", first)
                .setParameter("last", last)
                .setParameter("domain", domain)
                .getResultList();
        return new HashSet<>(taken);
    }

    /** How many numbers of a pool are taken. */
    public long countTaken(String domain, NumberPrefix pool) {
        return count("username between ?1 and ?2 and domain = ?3",
                pool.number(0), pool.number(pool.size() - 1), domain);
    }

    /** One page of numbers in number order, after {@code after} (exclusive), optionally within a prefix. */
    public List<Subscriber> page(String domain, String prefix, String after, int limit) {
        return find("domain = ?1 and username like ?2 and username > ?3 order by username",
                domain, escapeLike(prefix) + "%", after)
                .page(0, limit).list();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
