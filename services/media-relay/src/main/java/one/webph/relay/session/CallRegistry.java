package one.webph.relay.session;

import io.netty.channel.EventLoop;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import one.webph.relay.config.RelayConfig;
import one.webph.relay.dataplane.WebRtcSecurity;
import one.webph.relay.dtls.DtlsCertificate;
import one.webph.relay.dtls.DtlsEndpoint;
import one.webph.relay.dtls.Fingerprint;
import one.webph.relay.ice.IceLiteAgent;
import one.webph.relay.srtp.SrtpProfile;
import one.webph.relay.dataplane.MediaPort;
import one.webph.relay.dataplane.MediaSockets;
import one.webph.relay.sdp.SessionDescription;

/**
 * All calls the relay carries, by call id: creates the legs and their sockets on offer, fills in
 * the answerer on answer, tears down on delete or when a call goes quiet. The entry point of the
 * session layer for the ng commands. Thread-safe: each call is changed under its own monitor.
 */
@ApplicationScoped
public class CallRegistry {

    private static final Logger LOG = Logger.getLogger(CallRegistry.class);

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final PortAllocator ports;
    private final MediaSockets sockets;
    private final RelayConfig config;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final List<SrtpProfile> srtpProfiles;

    CallRegistry(RelayConfig config) {
        this.config = config;
        this.srtpProfiles = List.copyOf(config.media().srtpProfiles());
        this.ports = new PortAllocator(config.media().portMin(), config.media().portMax());
        this.sockets = new MediaSockets(config.media().listenIp(), config.media().threads());
        LOG.infof("Media ports %d-%d on %s, advertised as %s", config.media().portMin(), config.media().portMax(),
                config.media().listenIp(), config.media().publicIp());
    }

    /** Thrown when the port range is used up. */
    public static class NoPortsException extends RuntimeException {
        NoPortsException() {
            super("no free media ports");
        }
    }

    /**
     * An offer from {@code fromTag}: remembers where and how the offerer receives ({@code sender},
     * read from its SDP; {@code source}: where its SIP message came from, or null to trust the SDP's
     * address), sets up the answerer side of branch {@code branch} as {@code receiver}
     * (from the flags), and returns what the SDP for the answerer must say about the relay.
     */
    public Anchor offer(String callId, String fromTag, String branch, SessionDescription sdp,
                        LegTransport sender, SignalledSource source, LegTransport receiver) {
        List<SessionDescription.Media> media = sdp.media();
        Call call = calls.computeIfAbsent(callId, id -> new Call(id, sockets.nextLoop()));
        synchronized (call) {
            call.lastSignalNanos = System.nanoTime();
            // A re-INVITE may come from either side: the offering leg is whichever has this tag.
            Leg offering = legWithTag(call, fromTag);
            if (offering == null) {
                if (call.offerer != null) {
                    throw new IllegalArgumentException("This call already has an offerer with another from-tag");
                }
                call.offerer = new Leg(fromTag);
                offering = call.offerer;
            }
            Leg other = offering == call.offerer ? call.answerers.computeIfAbsent(branch, b -> new Leg(null)) : call.offerer;
            if (offering.streams.isEmpty()) {
                offering.bundled = Bundling.offered(sender, sdp);
            }
            if (other.streams.isEmpty()) {
                other.bundled = Bundling.toOffer(receiver, media.size());
            }
            ensureStreams(call, offering, other, media.size());
            learn(offering, sender, sdp);
            if (other.transport != receiver) {
                other.transport = receiver;
            }
            if (receiver.ice() && other.localIce == null) {
                other.localIce = IceLiteAgent.Credentials.random();
            }
            secure(other);
            announce(offering, media, source);
            wire(offering, other);
            return anchor(other);
        }
    }

    /** The answer from {@code toTag}: remembers where the answerer receives, returns what the SDP for the offerer must say. */
    public Anchor answer(String callId, String fromTag, String toTag, String branch, SessionDescription sdp,
                         LegTransport sender, SignalledSource source) {
        List<SessionDescription.Media> media = sdp.media();
        Call call = calls.get(callId);
        if (call == null) {
            throw new IllegalArgumentException("Unknown call-id");
        }
        synchronized (call) {
            call.lastSignalNanos = System.nanoTime();
            Leg answering = legWithTag(call, toTag);
            if (answering == null) {
                answering = call.answerers.get(branch);
                if (answering == null && call.answerers.size() == 1) {
                    answering = call.answerers.values().iterator().next();
                }
                if (answering == null) {
                    throw new IllegalArgumentException("No offer for this branch");
                }
                answering.tag = toTag;
            }
            Leg other = answering == call.offerer ? call.answerers.values().iterator().next() : call.offerer;
            if (media.size() > answering.streams.size()) {
                throw new IllegalArgumentException("The answer has more media sections than the offer");
            }
            learn(answering, sender, sdp);
            announce(answering, media, source);
            wire(answering, other);
            return anchor(other);
        }
    }

    /** The certificate fingerprint we advertise for DTLS (one certificate per relay process, like rtpengine). */
    public String fingerprint() {
        return certificate.fingerprint().toString();
    }

    /** Ends a call and frees its ports; returns its final statistics, or null when unknown. */
    public Map<String, Object> delete(String callId) {
        Call call = calls.remove(callId);
        if (call == null) {
            return null;
        }
        synchronized (call) {
            Map<String, Object> stats = stats(call);
            // A pair goes back to the allocator only once its sockets are closed: given back
            // earlier, the next offer could draw it and find it still bound.
            List<Stream> streams = new ArrayList<>();
            forEachLeg(call, leg -> streams.addAll(leg.streams));
            // One task on the call's loop closes every socket: the loop wakes once, not per socket.
            call.loop.execute(() -> streams.forEach(stream -> stream.close(() -> ports.give(stream.rtp.port()))));
            return stats;
        }
    }

    public Map<String, Object> query(String callId) {
        Call call = calls.get(callId);
        if (call == null) {
            return null;
        }
        synchronized (call) {
            return stats(call);
        }
    }

    public List<String> callIds() {
        return List.copyOf(calls.keySet());
    }

    public int freePortPairs() {
        return ports.free();
    }

    /** Ends calls without media or signalling for the configured time. Returns how many. */
    public int endQuietCalls() {
        long limit = System.nanoTime() - config.media().timeout().toNanos();
        int ended = 0;
        for (Call call : List.copyOf(calls.values())) {
            if (call.lastActivityNanos() < limit && delete(call.callId) != null) {
                LOG.infof("Call %s ended: no media for %s", call.callId, config.media().timeout());
                ended++;
            }
        }
        return ended;
    }

    /** Totals over all calls, for metrics. */
    public long[] totals() {
        long[] totals = new long[4];
        for (Call call : calls.values()) {
            forEachLeg(call, leg -> leg.streams.stream().filter(stream -> !stream.shared).forEach(stream -> {
                var stats = stream.rtp.stats();
                totals[0] += stats.packetsIn();
                totals[1] += stats.droppedWrongSource();
                totals[2] += stats.droppedNoDestination();
                totals[3] += stats.droppedSrtp();
            }));
        }
        return totals;
    }

    public int size() {
        return calls.size();
    }

    private Leg legWithTag(Call call, String tag) {
        if (call.offerer != null && tag.equals(call.offerer.tag)) {
            return call.offerer;
        }
        for (Leg leg : call.answerers.values()) {
            if (tag.equals(leg.tag)) {
                return leg;
            }
        }
        return null;
    }

    private void ensureStreams(Call call, Leg a, Leg b, int count) {
        // NOTE: the ports are linked by wire(), which every caller runs next.
        List<MediaPort> fresh = new ArrayList<>();
        try {
            for (Leg leg : List.of(a, b)) {
                while (leg.streams.size() < count) {
                    leg.streams.add(leg.bundled && !leg.streams.isEmpty() ? leg.streams.get(0).bundledSection() : openStream(fresh, call.loop));
                }
            }
        } finally {
            // Also after running out of ports: what was opened belongs to the call and closes with it.
            sockets.serve(fresh, call.loop);
        }
    }

    /** Binds a free pair; its sockets join {@code fresh}, to be handed to the call's loop together. */
    private Stream openStream(List<MediaPort> fresh, EventLoop loop) {
        for (int attempt = 0; attempt < 64; attempt++) {
            int port = ports.take();
            if (port < 0) {
                throw new NoPortsException();
            }
            MediaPort rtp = sockets.bind(port, loop);
            MediaPort rtcp = rtp == null ? null : sockets.bind(port + 1, loop);
            if (rtp != null && rtcp != null) {
                fresh.add(rtp);
                fresh.add(rtcp);
                return new Stream(rtp, rtcp);
            }
            // Taken by another program: keep it marked used and try another pair.
            if (rtp != null) {
                rtp.close();
            }
            LOG.warnf("Media port %d or %d is taken by another program; skipping it", port, port + 1);
        }
        throw new NoPortsException();
    }

    /**
     * What a leg's own SDP tells: its transport (when it sends a secure profile, what it expects
     * from us), its ICE ufrag (a new one is an ICE restart: we answer with new credentials too) and
     * its DTLS fingerprint. Then its ports are set up to match.
     */
    private void learn(Leg leg, LegTransport transport, SessionDescription sdp) {
        SessionDescription.Media first = sdp.media().get(0);
        leg.peerMids = sdp.media().stream().map(SessionDescription.Media::mid).toList();
        leg.peerBundle = sdp.bundleGroup();
        leg.peerPayloadTypes = sdp.media().stream().map(SessionDescription.Media::payloadTypes).toList();
        leg.transport = transport;
        if (transport.ice()) {
            if (leg.localIce == null || (leg.peerUfrag != null && !leg.peerUfrag.equals(first.iceUfrag()))) {
                leg.localIce = IceLiteAgent.Credentials.random();
            }
            leg.peerUfrag = first.iceUfrag();
        }
        if (first.fingerprint() != null) {
            leg.peerFingerprint = Fingerprint.parse(first.fingerprint());
        }
        secure(leg);
    }

    private void secure(Leg leg) {
        LegTransport transport = leg.transport;
        if (!transport.ice() && !transport.dtls()) {
            return;
        }
        WebRtcSecurity security = new WebRtcSecurity(transport.ice() ? leg.localIce : null, transport.dtls(), certificate,
                leg.peerFingerprint, srtpProfiles, transport.dtlsClient() ? DtlsEndpoint.Role.CLIENT : DtlsEndpoint.Role.SERVER);
        for (Stream stream : leg.streams) {
            stream.rtp.secure(security);
        }
    }

    /** RTP to RTP, RTCP to RTCP; where one side muxes RTCP and the other does not, RTCP crosses between the two kinds of port. */
    private static void wire(Leg a, Leg b) {
        if (a.bundled != b.bundled) {
            Bundling.wire(a.bundled ? a : b, a.bundled ? b : a);
            return;
        }
        int count = Math.min(a.streams.size(), b.streams.size());
        for (int i = 0; i < count; i++) {
            Stream sa = a.streams.get(i);
            Stream sb = b.streams.get(i);
            MediaPort.link(sa.rtp, sb.rtp);
            MediaPort.link(sa.rtcp, sb.rtcp);
            if (a.transport.rtcpMux() && !b.transport.rtcpMux()) {
                MediaPort.linkMuxed(sa.rtp, sb.rtcp);
            } else if (b.transport.rtcpMux() && !a.transport.rtcpMux()) {
                MediaPort.linkMuxed(sb.rtp, sa.rtcp);
            }
        }
    }

    private Anchor anchor(Leg leg) {
        SessionDescription.Ice ice = leg.transport.ice() && leg.localIce != null
                ? new SessionDescription.Ice(leg.localIce.ufrag(), leg.localIce.pwd()) : null;
        return new Anchor(relayPorts(leg), ice, leg.transport.dtls() ? fingerprint() : null, leg.transport, leg.peerMids,
                leg.peerBundle);
    }

    /**
     * Tells each stream's ports where the leg's peer receives and whom to accept until latching:
     * the SDP's address, or the address the SIP message came from where {@code source} says so.
     */
    private static void announce(Leg leg, List<SessionDescription.Media> media, SignalledSource source) {
        for (SessionDescription.Media m : media) {
            Stream stream = leg.streams.get(m.index());
            if (m.address() == null || m.rtpPort() <= 0) {
                continue;
            }
            int rtcpPort = m.rtcpMux() ? m.rtpPort() : m.rtcpPort();
            if (source != null) {
                expect(stream.rtp, source.endpoint(m.address(), m.rtpPort()));
                expect(stream.rtcp, source.endpoint(m.address(), rtcpPort));
            } else if (!m.address().equals("0.0.0.0")) {
                // NOTE: a host name in c= (RFC 8866 allows it) is resolved here, as it always was.
                InetAddress sdp = new InetSocketAddress(m.address(), m.rtpPort()).getAddress();
                if (sdp != null) {
                    expect(stream.rtp, SignalledSource.trusted(sdp, m.rtpPort()));
                    expect(stream.rtcp, SignalledSource.trusted(sdp, rtcpPort));
                }
            }
        }
    }

    private static void expect(MediaPort port, SignalledSource.Endpoint endpoint) {
        port.announce(endpoint.address(), endpoint.rule());
    }

    private static List<SessionDescription.RelayPorts> relayPorts(Leg leg) {
        List<SessionDescription.RelayPorts> result = new ArrayList<>();
        for (Stream stream : leg.streams) {
            result.add(new SessionDescription.RelayPorts(stream.rtp.port(), stream.rtcp.port()));
        }
        return result;
    }

    private static void forEachLeg(Call call, java.util.function.Consumer<Leg> action) {
        if (call.offerer != null) {
            action.accept(call.offerer);
        }
        call.answerers.values().forEach(action);
    }

    private static Map<String, Object> stats(Call call) {
        Map<String, Object> tags = new LinkedHashMap<>();
        long[] totals = new long[3];
        forEachLeg(call, leg -> {
            List<Object> streams = new ArrayList<>();
            leg.streams.forEach(stream -> {
                streams.add(stream.stats());
                if (stream.shared) {
                    return;
                }
                var s = stream.rtp.stats();
                totals[0] += s.packetsIn();
                totals[1] += s.bytesIn();
                totals[2] += s.droppedWrongSource() + s.droppedNoDestination() + s.droppedSrtp();
            });
            tags.put(leg.tag == null ? "" : leg.tag, Map.of("tag", leg.tag == null ? "" : leg.tag, "medias", List.of(Map.of("streams", streams))));
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("created", call.created.getEpochSecond());
        result.put("tags", tags);
        result.put("totals", Map.of("RTP", Map.of("packets", totals[0], "bytes", totals[1], "errors", totals[2])));
        return result;
    }

    @PreDestroy
    void close() {
        callIds().forEach(this::delete);
        sockets.close();
    }
}
