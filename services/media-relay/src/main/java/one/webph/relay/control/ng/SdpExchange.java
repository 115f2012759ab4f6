package one.webph.relay.control.ng;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import one.webph.ng.NgMessage;
import one.webph.relay.config.RelayConfig;
import one.webph.relay.sdp.SessionDescription;
import one.webph.relay.session.Anchor;
import one.webph.relay.session.LegTransport;
import one.webph.relay.session.SignalledSource;

/**
 * What {@code offer} and {@code answer} share: reading the SDP and the flags, deciding how the
 * relay talks to each leg (plain RTP, or ICE-lite + DTLS-SRTP for a browser), and writing the
 * rewritten SDP. Flags honoured: {@code transport-protocol}, {@code ICE} (force, remove),
 * {@code DTLS} (passive, off), {@code SDES} (off: we never offer SDES anyway), {@code rtcp-mux}
 * (offer, demux, accept, require), {@code replace} (origin), {@code received-from} with
 * {@code trust-address} / {@code SIP-source-address}, {@code direction} (checked; one interface).
 * Flags this relay does not act on are accepted and logged once each.
 */
@ApplicationScoped
class SdpExchange {

    private static final Logger LOG = Logger.getLogger(SdpExchange.class);
    /** Flags not to report: acted on (trust-address, SIP-source-address: {@link ReceivedFrom}), already how the relay behaves, or rtpengine internals. */
    private static final Set<String> ACCEPTED = Set.of("trust-address", "sip-source-address", "symmetric", "asymmetric",
            "strict-source", "media-handover", "port-latching", "no-rtcp-attribute", "generate-mid", "record-call",
            "loop-protect", "always-transcode", "codec-strip-all", "reset", "full-rtcp-attribute", "unidirectional",
            "sdes-off", "dtls-passive", "ice-lite", "ice-force", "ice-remove", "rtcp-mux-offer", "rtcp-mux-demux",
            "rtcp-mux-accept", "rtcp-mux-require", "dtls-off");

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

    /** How the sender of this SDP wants to be talked to, read from its first media section. */
    LegTransport sender(SessionDescription sdp) {
        SessionDescription.Media first = sdp.media().get(0);
        boolean secure = first.secureProfile();
        if (secure && first.fingerprint() == null) {
            // SDES-keyed SRTP (a=crypto): relayed untouched, end to end; it cannot be bridged to another kind.
            return new LegTransport(first.protocol(), first.iceUfrag() != null, false, first.rtcpMux());
        }
        // RFC 5763 section 5: a peer that says passive will be the DTLS server; we take the client role
        // toward it (and say active). actpass or active leaves the server role to us.
        boolean client = secure && "passive".equalsIgnoreCase(first.setup());
        boolean ice = first.iceUfrag() != null && first.icePwd() != null;
        return new LegTransport(first.protocol(), ice, secure, first.rtcpMux() || secure, client);
    }

    /**
     * Where the sender's media is expected from ({@code received-from} and the trust flags; null:
     * the SDP's addresses as they are). Also checks {@code direction}, which selects nothing here.
     */
    SignalledSource source(NgMessage message, LegTransport sender) {
        List<String> interfaces = InterfaceDirection.read(message);
        if (!interfaces.isEmpty() && reported.add("direction")) {
            LOG.infof("ng direction/interface %s accepted: this relay has a single interface (%s), used for every call"
                    + " (reported once)", interfaces, config.media().publicIp());
        }
        return ReceivedFrom.read(message, sender);
    }

    /** How the leg that receives our offer will be talked to: the flags decide, else the offerer's way. */
    LegTransport receiver(NgMessage message, LegTransport sender) {
        String protocol = message.string("transport-protocol").orElse(sender.protocol());
        boolean secure = SessionDescription.isSecureProfile(protocol);
        if (sdes(sender)) {
            if (!protocol.equals(sender.protocol())) {
                throw new NgException("SDES-keyed SRTP (a=crypto) can only be relayed end to end, not converted to " + protocol);
            }
            return new LegTransport(protocol, false, false, sender.rtcpMux());
        }
        if (secure && dtlsOff(message)) {
            throw new NgException("DTLS=off toward " + protocol + " would need SDES, which this relay does not offer");
        }
        String ice = iceFlag(message);
        boolean withIce = switch (ice) {
            case "force", "force-relay", "optional" -> true;
            case "remove" -> false;
            default -> secure || sender.ice();
        };
        List<String> mux = rtcpMux(message);
        boolean muxed = secure || mux.contains("offer") || mux.contains("require")
                || (!mux.contains("demux") && sender.rtcpMux());
        return new LegTransport(protocol, withIce, secure, muxed);
    }

    /** The SDP for the leg that receives this message, with the relay in the middle. */
    String rewrite(NgMessage message, SessionDescription sdp, LegTransport sender, Anchor anchor, boolean isOffer) {
        reportUnknownFlags(message);
        LegTransport target = anchor.transport();
        String protocol = message.string("transport-protocol").orElse(null);
        if (!isOffer && !target.protocol().equals(sender.protocol())) {
            // The answer goes back in the profile the offerer used (rtpengine does the same).
            protocol = target.protocol();
        }
        Boolean mux;
        if (target.dtls() || target.rtcpMux() != sender.rtcpMux()) {
            mux = target.rtcpMux();
        } else {
            mux = null;
        }
        boolean replaceOrigin = message.list("replace").contains("origin") || message.flags().contains("replace-origin");
        var how = new SessionDescription.Rewrite(config.media().publicIp(), replaceOrigin, protocol,
                !target.ice() || "remove".equals(iceFlag(message)), anchor.ice(), anchor.fingerprint(), target.dtlsClient(), mux,
                !target.dtls() && !sdes(sender), anchor.mids(), target.dtls() ? anchor.bundle() : null);
        return sdp.rewrite(anchor.ports(), how);
    }

    /** A secure profile without DTLS: keys in a=crypto, which only the two ends know. */
    private static boolean sdes(LegTransport transport) {
        return SessionDescription.isSecureProfile(transport.protocol()) && !transport.dtls();
    }

    private static boolean dtlsOff(NgMessage message) {
        String dtls = message.string("dtls").orElse("").toLowerCase(Locale.ROOT);
        return dtls.equals("off") || dtls.equals("no") || dtls.equals("disable") || message.flags().contains("dtls-off");
    }

    private static String iceFlag(NgMessage message) {
        String ice = message.string("ice").orElse("").toLowerCase(Locale.ROOT);
        if (ice.isEmpty()) {
            for (String flag : message.flags()) {
                if (flag.startsWith("ice-")) {
                    return flag.substring(4);
                }
            }
        }
        return ice;
    }

    private static List<String> rtcpMux(NgMessage message) {
        List<String> mux = new java.util.ArrayList<>(message.list("rtcp-mux"));
        for (String flag : message.flags()) {
            if (flag.startsWith("rtcp-mux-")) {
                mux.add(flag.substring(9));
            }
        }
        return mux;
    }

    private void reportUnknownFlags(NgMessage message) {
        for (String flag : message.flags()) {
            if (!ACCEPTED.contains(flag) && !flag.startsWith("replace-") && !flag.startsWith("ice-") && reported.add(flag)) {
                LOG.infof("ng flag '%s' is not acted on by this relay (reported once)", flag);
            }
        }
    }

    static Map<String, Object> ok(String sdp) {
        return Map.of("result", "ok", "sdp", sdp);
    }
}
