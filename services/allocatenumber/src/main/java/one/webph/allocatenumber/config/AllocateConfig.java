package one.webph.allocatenumber.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of allocatenumber, under {@code allocatenumber.*}. Each key is fed from an
 * environment variable in {@code application.properties} and listed in {@code .env.example}.
 * Read once at start; immutable.
 */
@ConfigMapping(prefix = "allocatenumber")
public interface AllocateConfig {

    Numbers numbers();

    Sip sip();

    Token token();

    Rate rate();

    Admin admin();

    /** Folder where generated state (the token signing key) is kept across restarts. */
    @WithDefault("data/allocatenumber")
    Path dataDir();

    /** Number pools. */
    interface Numbers {
        /**
         * Allowed prefixes, each optionally followed by {@code :digits} to override {@link #digits()}
         * for that prefix. The first one is used when a request names none.
         */
        @WithDefault("999100")
        List<String> prefixes();

        /** How many random digits follow the prefix. 5, as in the original Webph.one. */
        @WithDefault("5")
        int digits();

        /** Length of generated passwords (letters and digits). */
        @WithDefault("20")
        int passwordLength();

        /** How many inserts to try when other allocations race for the same free number. */
        @WithDefault("8")
        int maxAttempts();
    }

    /** What a phone needs to reach sip-proxy. */
    interface Sip {
        /** SIP domain and digest realm. */
        @WithDefault("localhost")
        String domain();

        /** The WebSocket URI phones connect to, as the operator set it (SIP_WS_URI); may be empty. */
        java.util.Optional<String> wsUri();

        /** The deployment's own WebSocket URI (compose: wss://DOMAIN/sip; locally ws://localhost:5066). */
        @WithDefault("ws://localhost:5066")
        String publicWsUri();

        /**
         * The URI phones are told: the operator's when set. Compose passes SIP_WS_URI even when it
         * is empty, which the configuration treats as no value, so the choice is made here.
         */
        default String phoneWsUri() {
            return wsUri().filter(uri -> !uri.isBlank()).orElse(publicWsUri());
        }
    }

    /** Device tokens (JWT, RS256). */
    interface Token {
        /** {@code iss} of issued tokens; verifying services expect the same value. */
        @WithDefault("webphone")
        String issuer();

        /** How long a token is valid. */
        @WithDefault("P30D")
        Duration lifetime();

        /** PEM file with the RSA private key (PKCS#8). When absent, one is generated into the data folder. */
        Optional<Path> privateKeyFile();
    }

    /** Abuse limits for allocations. */
    interface Rate {
        /** Allocations allowed per client address per window. */
        @WithDefault("10")
        int perAddress();

        /** Allocations allowed in total per window, whoever asks. */
        @WithDefault("1000")
        int global();

        /** Length of the sliding window. */
        @WithDefault("PT1H")
        Duration window();

        /**
         * Addresses or CIDR blocks of the TLS terminator: only requests arriving from these may name
         * the client address in {@code X-Forwarded-For}.
         */
        @WithDefault("127.0.0.1/32,::1/128")
        List<String> trustedProxies();
    }

    /** The operator's access. */
    interface Admin {
        /** Operator API key; the admin API answers 401 to everybody while it is unset. */
        Optional<String> apiKey();
    }
}
