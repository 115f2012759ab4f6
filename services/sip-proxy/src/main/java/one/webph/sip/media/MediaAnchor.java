package one.webph.sip.media;

import io.vertx.core.Future;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import one.webph.ng.NgMessage;

/**
 * Puts every call's media through a relay with ng commands, with the flags for each direction
 * (rtpengine's usual WebRTC gateway flags): toward a browser UDP/TLS/RTP/SAVPF with ICE and
 * rtcp-mux, toward a SIP device plain RTP/AVP without ICE, RTCP apart. {@code offer} for the
 * callee's leg, {@code answer} for the caller's, {@code delete} at the end. Core thread only.
 */
public final class MediaAnchor {

    private static final Logger LOG = Logger.getLogger(MediaAnchor.class);

    private final NgClient client;
    private final Map<String, InetSocketAddress> relayOfCall = new HashMap<>();

    public MediaAnchor(NgClient client) {
        this.client = client;
    }

    /** The SDP the callee's leg gets (through the relay), for an offer from the caller. */
    public Future<String> offer(String callId, String fromTag, String branch, String sdp, boolean towardBrowser) {
        InetSocketAddress relay = relayOfCall.computeIfAbsent(callId, id -> client.choose());
        Map<String, Object> command = command("offer", callId, fromTag, null, branch, sdp, towardBrowser);
        return client.send(relay, command).compose(reply -> sdpOf(reply, "offer", callId));
    }

    /** The SDP the caller's leg gets (through the relay), for the callee's answer. */
    public Future<String> answer(String callId, String fromTag, String toTag, String branch, String sdp, boolean towardBrowser) {
        InetSocketAddress relay = relayOfCall.get(callId);
        if (relay == null) {
            return Future.failedFuture("no offer went to a relay for call " + callId);
        }
        return client.send(relay, command("answer", callId, fromTag, toTag, branch, sdp, towardBrowser))
                .compose(reply -> sdpOf(reply, "answer", callId));
    }

    /** Ends the call's media session and frees its ports. */
    public void delete(String callId, String fromTag) {
        InetSocketAddress relay = relayOfCall.remove(callId);
        if (relay == null) {
            return;
        }
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command", "delete");
        command.put("call-id", callId);
        command.put("from-tag", fromTag);
        client.send(relay, command).onFailure(error -> LOG.warnf("Could not delete the media of call %s: %s", callId, error.getMessage()));
    }

    /** Calls whose media is on a relay now. */
    public int calls() {
        return relayOfCall.size();
    }

    private static Map<String, Object> command(String name, String callId, String fromTag, String toTag, String branch, String sdp,
                                               boolean towardBrowser) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command", name);
        command.put("call-id", callId);
        command.put("from-tag", fromTag);
        if (toTag != null) {
            command.put("to-tag", toTag);
        }
        if (branch != null) {
            command.put("via-branch", branch);
        }
        command.put("sdp", sdp);
        command.put("replace", List.of("origin", "session-connection"));
        if (towardBrowser) {
            command.put("transport-protocol", "UDP/TLS/RTP/SAVPF");
            command.put("ICE", "force");
            command.put("DTLS", "passive");
            command.put("SDES", List.of("off"));
            command.put("rtcp-mux", List.of("offer"));
        } else {
            command.put("transport-protocol", "RTP/AVP");
            command.put("ICE", "remove");
            command.put("rtcp-mux", List.of("demux"));
        }
        return command;
    }

    private static Future<String> sdpOf(NgMessage reply, String command, String callId) {
        String result = reply.string("result").orElse("");
        if (!"ok".equals(result)) {
            return Future.failedFuture("the relay refused the " + command + " of call " + callId + ": "
                    + reply.string("error-reason").orElse(result));
        }
        return reply.string("sdp").map(Future::succeededFuture).orElseGet(() -> Future.failedFuture("the relay's " + command + " has no SDP"));
    }
}
