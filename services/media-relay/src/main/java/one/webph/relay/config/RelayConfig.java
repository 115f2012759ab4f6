package one.webph.relay.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Every setting of media-relay, under {@code relay.*}, each fed from an environment variable in
 * {@code application.properties} and listed in {@code .env.example}. Read once at start.
 */
@ConfigMapping(prefix = "relay")
public interface RelayConfig {

    Ng ng();

    Media media();

    /** The ng control socket (rtpengine's {@code --listen-ng}). Internal: never expose it. */
    interface Ng {
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("22222")
        int port();

        /** How long a reply is kept for a retransmitted cookie. */
        @WithDefault("PT30S")
        Duration cookieCache();

        /**
         * Megabytes the kept replies may take; beyond it the oldest go before their time (at
         * thousands of commands a second, 30 s of replies outgrew the relay's heap).
         */
        @WithDefault("16")
        int replyCacheMb();
    }

    /** The media sockets. */
    interface Media {
        /** Address the media sockets bind to. */
        @WithDefault("0.0.0.0")
        String listenIp();

        /** Address written into SDP: what the phones and SIP devices send to (NAT 1:1: the public one). */
        @WithDefault("127.0.0.1")
        String publicIp();

        /** Lowest media port (even). */
        @WithDefault("30000")
        int portMin();

        /** Highest media port. */
        @WithDefault("30999")
        int portMax();

        /** A call without media or signalling for this long is ended and its ports freed. */
        @WithDefault("PT60S")
        Duration timeout();

        /** SRTP profiles for DTLS-SRTP legs, most preferred first (the browser's offer decides among these). */
        @WithDefault("AEAD_AES_128_GCM,AES_CM_128_HMAC_SHA1_80")
        java.util.List<one.webph.relay.srtp.SrtpProfile> srtpProfiles();

        /** Event-loop threads forwarding packets. */
        @WithDefault("2")
        int threads();
    }
}
