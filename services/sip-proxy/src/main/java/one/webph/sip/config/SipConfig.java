package one.webph.sip.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Every setting of sip-proxy, under {@code sip.*}, each fed from an environment variable in
 * {@code application.properties} and listed in {@code .env.example}. Read once at start.
 */
@ConfigMapping(prefix = "sip")
public interface SipConfig {

    /** The SIP domain of the phone numbers, and the digest realm. */
    @WithDefault("localhost")
    String domain();

    /**
     * The host name or address the proxy puts in its Via and Record-Route headers, which SIP
     * peers send in-dialog requests to; empty means the domain.
     */
    @WithDefault("")
    java.util.Optional<String> publicHost();

    Transport transport();

    /**
     * Threads doing the proxy's database lookups (credentials not in the cache, bindings of a
     * called number, texts), each holding one pooled connection while it works.
     */
    @WithDefault("16")
    int databaseThreads();

    /** Logs every SIP message in and out, in full (for finding out why a phone fails). */
    @WithDefault("false")
    boolean trace();

    Proxy proxy();

    Abuse abuse();

    Routing routing();

    Admin admin();

    Media media();

    Push push();

    Messages messages();

    /** Texts for sleeping phones. */
    interface Messages {
        /** How long a text waits for its recipient's phone to come back. */
        @WithDefault("P7D")
        Duration keep();
    }

    /** Waking sleeping phones through webpush. */
    interface Push {
        /** webpush's base URL; "none" turns push wake-ups off. */
        @WithDefault("http://127.0.0.1:8083")
        String webpushUrl();

        /** The service token webpush's internal API expects (INTERNAL_SERVICE_TOKEN). */
        @WithDefault("change-me-internal")
        String serviceToken();

        /** How long a notify request may take. */
        @WithDefault("PT3S")
        Duration timeout();

        /** How long a call to a sleeping phone waits for it to wake up and register. */
        @WithDefault("PT45S")
        Duration hold();
    }

    /** The media relays (media-relay or rtpengine, over the ng protocol). */
    interface Media {
        /** host:port of each relay's ng port, comma-separated; "none" leaves media unanchored (SDP untouched). */
        @WithDefault("127.0.0.1:22222")
        String relays();

        /** How long to wait for a relay's answer before asking again (three times in all). */
        @WithDefault("PT1S")
        Duration timeout();

        /** Whether browsers get early media (183 with SDP); off turns a 183 into 180 without SDP, as the original did. */
        @WithDefault("true")
        boolean earlyMedia();
    }

    /** The operator's HTTP API. */
    interface Admin {
        /** The operator's key (ADMIN_API_KEY); without one the admin API is closed. */
        java.util.Optional<String> apiKey();
    }

    /** Community routes. */
    interface Routing {
        /** How often the community routes are read again from the database (a scheduler period, e.g. 5s). */
        @WithDefault("5s")
        String refresh();
    }

    Registrar registrar();

    /** Sockets. */
    interface Transport {
        @WithDefault("0.0.0.0")
        String bindHost();

        /** UDP port; 0 lets the system choose (tests). */
        @WithDefault("5060")
        int udpPort();

        /** TCP port; 0 lets the system choose (tests), -1 turns TCP off. */
        @WithDefault("5060")
        int tcpPort();

        /** TLS port, used when the certificate and key files exist; -1 turns TLS off. */
        @WithDefault("5061")
        int tlsPort();

        /** PEM certificate chain for SIP over TLS. */
        @WithDefault("certificates/fullchain.pem")
        String tlsCertificate();

        /** PEM private key for SIP over TLS. */
        @WithDefault("certificates/privkey.pem")
        String tlsKey();

        /** SIP over WebSocket port (RFC 7118), behind the TLS terminator; -1 turns it off. */
        @WithDefault("5066")
        int wsPort();

        /** Origins allowed to open a SIP WebSocket, comma-separated; "*" allows any. */
        @WithDefault("*")
        java.util.Set<String> wsAllowedOrigins();

        /** A TCP or TLS connection with no traffic for this long is closed (RFC 5626 keep-alives prevent it). */
        @WithDefault("PT10M")
        Duration streamIdleTimeout();

        /** Largest SIP message accepted, in bytes. */
        @WithDefault("65535")
        int maxMessageSize();

        /**
         * Megabytes of answers kept for retransmitted non-INVITE requests (Timer J, 32 s over UDP);
         * under heavier load the oldest are let go early.
         */
        @WithDefault("64")
        int completedTransactionsMb();
    }

    /** Call routing. */
    interface Proxy {
        /** How long a call may ring before the caller gets 480 (RFC 3261 Timer C, shorter). */
        @WithDefault("PT60S")
        Duration ringTimeout();

        /**
         * Key for the flow tokens in our Record-Route headers; empty means a random key per start
         * (dialogs then do not survive a restart). Several proxies behind one name must share it.
         */
        @WithDefault("")
        java.util.Optional<String> flowTokenSecret();
    }

    /** Flood and brute-force protection. */
    interface Abuse {
        /** Requests one source address may send per window before it is banned (like Kamailio's pike). */
        @WithDefault("300")
        int requestsPerWindow();

        @WithDefault("PT2S")
        Duration window();

        /** How long a flooding source stays banned. */
        @WithDefault("PT5M")
        Duration floodBan();
    }

    /** Registrations. */
    interface Registrar {
        /** Shortest registration accepted (RFC 3261 §10.3: 423 Interval Too Brief below it). */
        @WithDefault("60")
        int minExpires();

        /** Longest registration granted; longer requests are shortened. */
        @WithDefault("3600")
        int maxExpires();

        /** Granted when the client asks for no particular time. */
        @WithDefault("3600")
        int defaultExpires();

        /** How long a digest nonce may be used. */
        @WithDefault("PT5M")
        Duration nonceLifetime();

        /** How many of the last digest nonces issued are remembered against replays (8 bytes each); an older one is answered stale. */
        @WithDefault("200000")
        int nonceReplayMemory();

        /** How long credentials read from the database are trusted before being read again. */
        @WithDefault("PT30S")
        Duration credentialCache();

        /**
         * Threads writing registrations to the database, each committing what waits in one
         * transaction. One makes the largest batches, so the database works least per
         * registration (measured: a third less database CPU than with two at 2000/s).
         */
        @WithDefault("1")
        int locationWriters();

        /** Most registrations one writer commits in one transaction. */
        @WithDefault("200")
        int locationBatch();

        /**
         * A refresh that moves its binding's expiry less than this past the expiry the table
         * holds is kept in memory only (and written at a stop): a client re-registering every few
         * seconds costs one write per this time, and a crash shortens its binding by less than
         * it, which is less than the 32 s before expiry at which JsSIP refreshes at the latest.
         * Zero writes every refresh.
         */
        @WithDefault("PT30S")
        Duration locationRefreshSlack();

        /**
         * Most numbers whose bindings are kept in memory (about 1 KB each), so a call to them
         * costs no query; 0 reads the database for every call. Right only while this proxy is the
         * sole writer of the {@code location} table.
         */
        @WithDefault("100000")
        int locationCache();
    }
}
