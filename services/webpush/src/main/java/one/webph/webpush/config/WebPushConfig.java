package one.webph.webpush.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of webpush, under {@code webpush.*}, each fed from an environment variable in
 * {@code application.properties} and listed in {@code .env.example}. Read once at start.
 */
@ConfigMapping(prefix = "webpush")
public interface WebPushConfig {

    Vapid vapid();

    Sending sending();

    Endpoints endpoints();

    Legacy legacy();

    Subscriptions subscriptions();

    /** Shared secret sip-proxy sends as {@code Authorization: Bearer}; the internal API is closed while unset. */
    Optional<String> internalToken();

    /** Subscriptions one number may keep (one per device). */
    @WithDefault("10")
    int devicesPerNumber();

    /** The application server's identity (RFC 8292). */
    interface Vapid {
        /** Public key, base64url uncompressed point. With the private key, or both generated and stored in the database. */
        Optional<String> publicKey();

        /** Private key, base64url 32-byte scalar. */
        Optional<String> privateKey();

        /** Contact for push services: a real mailto: or https: URI. */
        @WithDefault("mailto:webpush@localhost")
        String subject();
    }

    /** Sending. */
    interface Sending {
        /** Longest a caller of notify waits; sending and retries go on after it. */
        @WithDefault("PT2S")
        Duration deadline();

        /** TTL of call pushes: a ring older than this is useless. */
        @WithDefault("PT60S")
        Duration callTtl();

        /** TTL of text message pushes. */
        @WithDefault("P1D")
        Duration messageTtl();

        /** Attempts per message when the push service answers 429 or 5xx. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the first retry; doubled each time unless the service says Retry-After. */
        @WithDefault("PT1S")
        Duration firstRetry();

        /**
         * Connections kept open to one push service (HTTP/1.1 keep-alive, one push in flight per
         * connection): the bound on concurrent pushes to it.
         */
        @WithDefault("50")
        int maxConnections();

        /** Pushes waiting for a connection to one push service; beyond it a push fails at once and is retried later. */
        @WithDefault("10000")
        int maxQueued();

        /** Longest wait for a push service's answer. */
        @WithDefault("PT10S")
        Duration requestTimeout();
    }

    /** Reading subscriptions for sending. */
    interface Subscriptions {
        /**
         * How long a number's subscriptions are kept in memory. Changes made through this instance
         * apply at once; another instance's after at most this long. PT0S turns the cache off.
         */
        @WithDefault("PT5S")
        Duration cacheTtl();

        /** Numbers kept in the cache at most. */
        @WithDefault("100000")
        int cacheMaxNumbers();
    }

    /** Which push endpoints a subscription may name: the server will POST to them. */
    interface Endpoints {
        /** Allowed hosts; {@code *.example.com} matches subdomains; {@code *} allows any https host. */
        @WithDefault("fcm.googleapis.com,*.push.services.mozilla.com,*.push.apple.com,*.notify.windows.com,*.wns.windows.com")
        List<String> allowedHosts();

        /** Lets http://127.0.0.1 endpoints in: for tests with a local push service only. */
        @WithDefault("false")
        boolean allowInsecureLoopback();

        /** Longest endpoint URL accepted. */
        @WithDefault("1024")
        int maxLength();
    }

    /** The original webpush-server's API. */
    interface Legacy {
        /**
         * {@code off} (default): {@code POST /save} is refused. {@code create-only}: it may store a
         * subscription for a number that has none, but never replace one, since it carries no
         * credentials.
         */
        @WithDefault("off")
        String save();
    }
}
