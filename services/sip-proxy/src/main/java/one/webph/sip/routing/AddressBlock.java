package one.webph.sip.routing;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An address or CIDR block (IPv4 or IPv6) from the operator's list of trusted sources. */
public record AddressBlock(byte[] network, int prefixLength) {

    /** Parses {@code 192.0.2.10}, {@code 192.0.2.0/24} or {@code 2001:db8::/32}; never resolves names. */
    public static Optional<AddressBlock> parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.isEmpty() || !address.matches("[0-9a-fA-F:.]+")) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            int length = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
            if (length < 0 || length > bytes.length * 8) {
                return Optional.empty();
            }
            return Optional.of(new AddressBlock(bytes, length));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean contains(String address) {
        return parse(address).filter(other -> other.network.length == network.length)
                .map(other -> prefixOf(other.network).equals(prefixOf(network)))
                .orElse(false);
    }

    private BigInteger prefixOf(byte[] bytes) {
        return new BigInteger(1, bytes).shiftRight(bytes.length * 8 - prefixLength);
    }
}
