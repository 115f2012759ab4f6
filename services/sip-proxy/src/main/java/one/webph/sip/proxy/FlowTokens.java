package one.webph.sip.proxy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Flow tokens (in the spirit of RFC 5626 §5.2) for our Record-Route URIs: the transport and
 * address of the flow toward one side of a dialog, signed, so an in-dialog request is sent down
 * the connection a browser holds and nobody can forge a token to reach someone else's flow.
 */
final class FlowTokens {

    /** A flow named by a token. */
    record FlowName(String transport, InetSocketAddress address) {
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private final byte[] key;
    /** Looking a Mac up and keying it cost more than computing the token (two per call); one per thread, kept. */
    private final ThreadLocal<Mac> hmac = ThreadLocal.withInitial(this::newMac);

    FlowTokens(Optional<String> secret) {
        if (secret.isPresent() && !secret.get().isBlank()) {
            key = secret.get().getBytes(StandardCharsets.UTF_8);
        } else {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
    }

    String token(String transport, InetSocketAddress address) {
        String flow = transport + "|" + address.getAddress().getHostAddress() + "|" + address.getPort();
        return ENCODER.encodeToString(flow.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(mac(flow));
    }

    Optional<FlowName> read(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            String flow = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(mac(flow), DECODER.decode(token.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] parts = flow.split("\\|");
            if (parts.length != 3) {
                return Optional.empty();
            }
            return Optional.of(new FlowName(parts[0], new InetSocketAddress(parts[1], Integer.parseInt(parts[2]))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String flow) {
        byte[] full = hmac.get().doFinal(flow.getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(full, 12);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
