package one.webph.sip.proxy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import one.webph.sip.message.UriParts;

/**
 * Who we are on the network: the host we advertise, the port of each transport, and every name
 * a URI may use for us, so the proxy knows a Route or Request-URI that points at itself.
 */
final class OwnAddresses {

    private final String advertisedHost;
    private final String domain;
    private final Map<String, Integer> ports;
    private final Set<String> hosts = new HashSet<>();

    OwnAddresses(String advertisedHost, String domain, String bindHost, Map<String, Integer> ports) {
        this.advertisedHost = advertisedHost;
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.ports = Map.copyOf(ports);
        hosts.add(advertisedHost.toLowerCase(Locale.ROOT));
        hosts.add(this.domain);
        if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
            hosts.add(bindHost.toLowerCase(Locale.ROOT));
        }
    }

    String advertisedHost() {
        return advertisedHost;
    }

    Set<String> hosts() {
        return hosts;
    }

    /** Our port for a transport (WS for WSS too); UDP's when the transport has none. */
    int port(String transport) {
        return ports.getOrDefault(transport, ports.getOrDefault("UDP", 5060));
    }

    /** Whether a URI names this proxy (RFC 3261 §16.4): our host, and no port or one of ours. */
    boolean isUs(UriParts uri) {
        if (!hosts.contains(uri.host())) {
            return false;
        }
        return uri.port() < 0 || ports.containsValue(uri.port());
    }

    /** Whether a Request-URI is in our domain (the registrar's and the numbers' domain). */
    boolean isOurDomain(UriParts uri) {
        return hosts.contains(uri.host());
    }
}
