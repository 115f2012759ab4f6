package one.webph.pwa;

/**
 * How long browsers and proxies may keep each kind of file. Files under {@code /assets/} carry a
 * content hash in their name (vite), so they never change and are kept for a year; the entry
 * points (index.html, the service worker, the manifest, config.json) must be revalidated on
 * every load, or a deployment would never reach phones that have the old ones.
 */
final class CachePolicy {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    /** Icons keep their names across releases; a day is short enough to pick up a new one. */
    static final String ONE_DAY = "public, max-age=86400";

    private CachePolicy() {
    }

    static String cacheControl(String path) {
        if (path.startsWith("/assets/")) {
            return IMMUTABLE;
        }
        if (path.startsWith("/icons/")) {
            return ONE_DAY;
        }
        return REVALIDATE;
    }
}
