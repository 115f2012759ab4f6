package one.webph.allocatenumber.numbers;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import one.webph.allocatenumber.config.AllocateConfig;

/**
 * Free numbers per prefix for {@code /q/metrics}. Counted in the database every 30 s by the
 * scheduler, so a metrics scrape never waits for a query; allocations lower it in between.
 */
@Startup
@ApplicationScoped
public class FreeNumbers {

    private static final Logger LOG = Logger.getLogger(FreeNumbers.class);

    private final Map<String, AtomicLong> free = new ConcurrentHashMap<>();
    private final AllocateConfig config;
    private final NumberPlan plan;
    private final SubscriberRepository subscribers;

    FreeNumbers(AllocateConfig config, NumberPlan plan, SubscriberRepository subscribers, MeterRegistry registry) {
        this.config = config;
        this.plan = plan;
        this.subscribers = subscribers;
        for (NumberPrefix pool : plan.all()) {
            AtomicLong count = new AtomicLong(pool.size());
            free.put(pool.prefix(), count);
            Gauge.builder("allocatenumber.numbers.free", count, AtomicLong::get)
                    .description("Numbers still free in a prefix's pool")
                    .tag("prefix", pool.prefix())
                    .register(registry);
        }
    }

    @Scheduled(every = "30s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recount() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (NumberPrefix pool : plan.all()) {
                    long taken = subscribers.countTaken(config.sip().domain(), pool);
                    free.get(pool.prefix()).set(pool.size() - taken);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not count free numbers (database unreachable?): %s", e.getMessage());
        }
    }

    /** One number of the prefix's pool was just taken. */
    public void taken(String prefix) {
        AtomicLong count = free.get(prefix);
        if (count != null) {
            count.updateAndGet(n -> Math.max(0, n - 1));
        }
    }
}
