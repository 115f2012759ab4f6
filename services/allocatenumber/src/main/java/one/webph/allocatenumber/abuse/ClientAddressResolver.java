package one.webph.allocatenumber.abuse;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import one.webph.allocatenumber.config.AllocateConfig;

/**
 * Tells who the client is. The peer address of the connection counts, unless that peer is a
 * trusted proxy (the TLS terminator): then {@code X-Forwarded-For} is read from the right,
 * skipping further trusted proxies, and the first other address is the client. A client cannot
 * escape its limit by sending its own {@code X-Forwarded-For}: it is only read behind the proxy.
 */
@ApplicationScoped
public class ClientAddressResolver {

    private final List<Cidr> trusted = new ArrayList<>();

    @Inject
    ClientAddressResolver(AllocateConfig config) {
        this(config.rate().trustedProxies());
    }

    ClientAddressResolver(List<String> trustedProxies) {
        for (String entry : trustedProxies) {
            if (!entry.isBlank()) {
                trusted.add(Cidr.parse(entry.trim()));
            }
        }
    }

    public String resolve(String peerAddress, String forwardedFor) {
        if (peerAddress == null || !isTrusted(peerAddress) || forwardedFor == null || forwardedFor.isBlank()) {
            return peerAddress;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return hop;
            }
        }
        return peerAddress;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Cidr cidr : trusted) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Parses an IP literal without ever asking DNS; null when it is not one. */
    static byte[] literal(String address) {
        String text = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!text.matches("[0-9a-fA-F:.]+") || !(text.contains(".") || text.contains(":"))) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block such as 172.28.0.0/16 or ::1/128. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            byte[] network = literal(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("Not an IP address or CIDR block: " + text);
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            return new Cidr(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
