package one.webph.relay.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import one.webph.relay.dataplane.SourceRule;

/**
 * Where the SIP message that carried an SDP came from (ng {@code received-from}), and when that
 * address stands in for the SDP's own, as rtpengine does for an address it does not trust: always
 * with the {@code SIP-source-address} flag; otherwise where the SDP's {@code c=} address is
 * private, unspecified or not an IP at all (a device behind NAT writes its LAN address). A public
 * SDP address is kept even when the SIP came from elsewhere: behind a session border controller
 * or a second proxy, received-from is that hop, not the phone (rtpengine trusts it too). The SDP's port is kept (rtpengine does the same) but
 * not enforced: a NAT picks its own, so the relay latches onto any port of that IP and then holds
 * it (strict source). Immutable.
 *
 * @param address the received-from address
 * @param always  true with {@code SIP-source-address}: ignore the SDP's addresses altogether
 */
public record SignalledSource(InetAddress address, boolean always) {

    /** Where the relay expects (and first sends) the media of a section whose SDP says {@code sdpAddress}:{@code port}. */
    Endpoint endpoint(String sdpAddress, int port) {
        InetAddress sdp = IpLiteral.parse(sdpAddress);
        if (always || sdp == null || IpLiteral.isBehindNat(sdp)) {
            return new Endpoint(new InetSocketAddress(address, port), SourceRule.ANNOUNCED_HOST);
        }
        return trusted(sdp, port);
    }

    /** The SDP's address taken as it is (trust-address, ICE, or no received-from). */
    static Endpoint trusted(InetAddress sdp, int port) {
        return new Endpoint(new InetSocketAddress(sdp, port),
                IpLiteral.isBehindNat(sdp) ? SourceRule.ANYONE : SourceRule.ANNOUNCED_ONLY);
    }

    /** An address to send to before latching, and whom to accept meanwhile. */
    record Endpoint(InetSocketAddress address, SourceRule rule) {
    }
}
