package one.webph.sip.proxy;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import one.webph.sip.config.SipConfig;

/**
 * Per-source request rate limit with a temporary ban, as Kamailio's pike module does: a source
 * that sends more than the allowed number of messages in one window is ignored for a while.
 * Each ban is logged once. Community servers we trust are never counted (the caller checks).
 */
@ApplicationScoped
public class FloodBan {

    private static final Logger LOG = Logger.getLogger(FloodBan.class);

    private static final class Counter {
        long windowStart;
        int count;
        long bannedUntil;
    }

    private final int limit;
    private final long windowMillis;
    private final long banMillis;
    private final Map<String, Counter> sources = new ConcurrentHashMap<>();

    FloodBan(SipConfig config) {
        this.limit = config.abuse().requestsPerWindow();
        this.windowMillis = config.abuse().window().toMillis();
        this.banMillis = config.abuse().floodBan().toMillis();
    }

    /** Counts a message from {@code source}; false when the source is (now) banned. */
    public boolean allow(String source) {
        long now = System.currentTimeMillis();
        Counter counter = sources.computeIfAbsent(source, s -> new Counter());
        synchronized (counter) {
            if (counter.bannedUntil > now) {
                return false;
            }
            if (now - counter.windowStart >= windowMillis) {
                counter.windowStart = now;
                counter.count = 0;
            }
            if (++counter.count > limit) {
                counter.bannedUntil = now + banMillis;
                LOG.warnf("Banned %s for %d s: more than %d SIP messages in %d ms (flood)", source, banMillis / 1000, limit, windowMillis);
                return false;
            }
            return true;
        }
    }

    /** Forgets sources that are quiet and not banned, so the table does not grow without end. */
    @io.quarkus.scheduler.Scheduled(every = "60s", concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void forgetQuietSources() {
        long now = System.currentTimeMillis();
        sources.values().removeIf(counter -> counter.bannedUntil < now && now - counter.windowStart > windowMillis);
    }
}
