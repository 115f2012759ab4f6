package one.webph.sip.proxy;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

/**
 * Bans a source address after repeated failed authentications (a password guesser such as
 * sipvicious' svcrack), for a while, and logs each ban once. Legitimate clients fail at most once
 * or twice (a stale nonce), far below the limit. Thread-safe.
 */
@ApplicationScoped
public class FailedAuthBan {

    private static final Logger LOG = Logger.getLogger(FailedAuthBan.class);
    static final int FAILURES = 8;
    static final long WINDOW_MILLIS = 60_000;
    static final long BAN_MILLIS = 10 * 60_000;

    private record Record(int failures, long windowStart, long bannedUntil) {
    }

    private final Map<String, Record> sources = new ConcurrentHashMap<>();

    public boolean isBanned(String source) {
        Record record = sources.get(source);
        return record != null && record.bannedUntil() > System.currentTimeMillis();
    }

    public void failed(String source) {
        long now = System.currentTimeMillis();
        if (sources.size() > 100_000) {
            sources.values().removeIf(r -> r.bannedUntil() < now && now - r.windowStart() > WINDOW_MILLIS);
        }
        Record updated = sources.compute(source, (key, record) -> {
            if (record == null || now - record.windowStart() > WINDOW_MILLIS) {
                return new Record(1, now, record == null ? 0 : record.bannedUntil());
            }
            int failures = record.failures() + 1;
            return new Record(failures, record.windowStart(), failures >= FAILURES ? now + BAN_MILLIS : record.bannedUntil());
        });
        if (updated.failures() == FAILURES) {
            LOG.warnf("Banned %s for %d minutes: %d failed authentications within a minute (password guessing?)",
                    source, BAN_MILLIS / 60_000, FAILURES);
        }
    }
}
