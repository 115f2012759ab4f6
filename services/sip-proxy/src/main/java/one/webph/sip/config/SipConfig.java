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

    Transport transport();

    Registrar registrar();

    /** Sockets. */
    interface Transport {
        @WithDefault("0.0.0.0")
        String bindHost();

        /** UDP port; 0 lets the system choose (tests). */
        @WithDefault("5060")
        int udpPort();

        /** Largest SIP message accepted, in bytes. */
        @WithDefault("65535")
        int maxMessageSize();
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

        /** How long credentials read from the database are trusted before being read again. */
        @WithDefault("PT30S")
        Duration credentialCache();
    }
}
