package one.webph.relay.control.ng;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import one.webph.ng.NgMessage;
import one.webph.relay.config.RelayConfig;
import one.webph.relay.sdp.SessionDescription;

/**
 * What {@code offer} and {@code answer} share: reading the SDP and the flags, and writing the
 * rewritten SDP. Flags this relay does not act on are accepted and logged once each.
 */
@ApplicationScoped
class SdpExchange {

    private static final Logger LOG = Logger.getLogger(SdpExchange.class);
    /** Flags that need no action here: the relay already behaves so, or they only concern rtpengine internals. */
    private static final Set<String> ACCEPTED = Set.of("trust-address", "sip-source-address", "symmetric", "asymmetric",
            "strict-source", "media-handover", "port-latching", "no-rtcp-attribute", "generate-mid", "record-call",
            "loop-protect", "always-transcode", "codec-strip-all", "reset", "full-rtcp-attribute", "unidirectional");

    private final RelayConfig config;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    SdpExchange(RelayConfig config) {
        this.config = config;
    }

    SessionDescription parse(NgMessage message) {
        String sdp = message.string("sdp").orElseThrow(() -> new NgException("No SDP body"));
        try {
            return SessionDescription.parse(sdp);
        } catch (IllegalArgumentException e) {
            throw new NgException("Failed to parse SDP: " + e.getMessage());
        }
    }

    /** The branch key for forked offers: via-branch, else label, else one branch. */
    String branch(NgMessage message) {
        return message.string("via-branch").or(() -> message.string("label")).orElse("");
    }

    String rewrite(NgMessage message, SessionDescription sdp, List<SessionDescription.RelayPorts> ports) {
        String protocol = message.string("transport-protocol").orElse(null);
        if (protocol != null && (protocol.contains("SAVP") || protocol.contains("TLS"))) {
            throw new NgException("Encrypted (WebRTC) legs are not supported by this relay yet: transport-protocol " + protocol);
        }
        List<String> flags = message.flags();
        String ice = message.string("ice").orElse("").toLowerCase(java.util.Locale.ROOT);
        boolean removeIce = ice.equals("remove") || flags.contains("ice-remove") || protocol != null;
        boolean replaceOrigin = message.list("replace").contains("origin") || flags.contains("replace-origin");
        for (String flag : flags) {
            if (!ACCEPTED.contains(flag) && !flag.startsWith("replace-") && !flag.startsWith("ice-") && reported.add(flag)) {
                LOG.infof("ng flag '%s' is not acted on by this relay (reported once)", flag);
            }
        }
        return sdp.rewrite(config.media().publicIp(), ports, replaceOrigin, removeIce, protocol);
    }

    static Map<String, Object> ok(String sdp) {
        return Map.of("result", "ok", "sdp", sdp);
    }
}
