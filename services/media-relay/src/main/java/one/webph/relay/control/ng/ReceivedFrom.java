package one.webph.relay.control.ng;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

import one.webph.ng.NgMessage;
import one.webph.relay.session.IpLiteral;
import one.webph.relay.session.LegTransport;
import one.webph.relay.session.SignalledSource;

/**
 * Reads ng {@code received-from} ({@code [family, address]}, or the bare address as rtpengine also
 * takes it) with the flags that say whether to believe the SDP's addresses: {@code trust-address}
 * (believe them: received-from is not used), {@code SIP-source-address} (never believe them), and
 * neither (use received-from where the SDP address cannot be right, see {@link SignalledSource}).
 * As in rtpengine, a sender that runs ICE keeps its SDP addresses: its checks prove where it is.
 * A malformed received-from is refused, whatever the flags. Pure.
 */
final class ReceivedFrom {

    private ReceivedFrom() {
    }

    /** Where the sender's media is expected from, or null to take the SDP's addresses as they are. */
    static SignalledSource read(NgMessage message, LegTransport sender) {
        InetAddress address = address(message);
        List<String> flags = message.flags();
        boolean sipSource = flags.contains("sip-source-address");
        if (sipSource && address == null) {
            throw new NgException("SIP-source-address needs received-from: no address info for the stream");
        }
        if (address == null || flags.contains("trust-address") || sender.ice()) {
            return null;
        }
        return new SignalledSource(address, sipSource);
    }

    private static InetAddress address(NgMessage message) {
        Object value = message.dictionary().get("received-from");
        if (value == null) {
            return null;
        }
        String family = null;
        String text;
        if (value instanceof String s) {
            text = s;
        } else if (value instanceof List<?> list && list.size() == 2 && list.get(0) instanceof String f
                && list.get(1) instanceof String a) {
            family = f.trim();
            text = a;
        } else {
            throw new NgException("received-from must be [family, address], e.g. [\"IP4\", \"203.0.113.7\"]");
        }
        InetAddress address = IpLiteral.parse(text);
        if (address == null) {
            throw new NgException("received-from address is not an IP address: " + text);
        }
        if (family != null) {
            boolean v4 = address instanceof Inet4Address;
            if (!(family.equalsIgnoreCase("IP4") && v4 || family.equalsIgnoreCase("IP6") && !v4)) {
                throw new NgException("received-from family " + family + " does not match " + text);
            }
        }
        return address;
    }
}
