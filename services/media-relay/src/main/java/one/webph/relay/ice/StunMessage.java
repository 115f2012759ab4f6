package one.webph.relay.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A received STUN message (RFC 5389 section 6): its type, transaction id and attributes, read in
 * place from the datagram, with the two checks ICE needs. Immutable after parsing; keeps a copy
 * of the datagram so the caller may reuse its buffer.
 */
public final class StunMessage {

    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int BINDING_ERROR = 0x0111;
    static final int BINDING_INDICATION = 0x0011;

    static final int MAPPED_ADDRESS = 0x0001;
    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int ERROR_CODE = 0x0009;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int PRIORITY = 0x0024;
    static final int USE_CANDIDATE = 0x0025;
    static final int SOFTWARE = 0x8022;
    static final int FINGERPRINT = 0x8028;
    static final int ICE_CONTROLLED = 0x8029;
    static final int ICE_CONTROLLING = 0x802A;

    static final int FINGERPRINT_XOR = 0x5354554E;

    private final byte[] data;
    private final int type;
    /** Offset of each attribute's header, in order; -1 ends the list. */
    private final int[] attributes;

    private StunMessage(byte[] data, int type, int[] attributes) {
        this.data = data;
        this.type = type;
        this.attributes = attributes;
    }

    /** True when the first bytes look like STUN: top two bits zero, the magic cookie, a length that fits. */
    public static boolean looksLikeStun(byte[] buf, int off, int len) {
        return len >= 20 && (buf[off] & 0xC0) == 0 && getInt(buf, off + 4) == MAGIC_COOKIE
                && ((buf[off + 2] & 0xFF) << 8 | buf[off + 3] & 0xFF) == len - 20;
    }

    /** The message, or null when the bytes are not a well-formed STUN message. */
    public static StunMessage parse(byte[] buf, int off, int len) {
        if (!looksLikeStun(buf, off, len) || len % 4 != 0) {
            return null;
        }
        byte[] data = java.util.Arrays.copyOfRange(buf, off, off + len);
        int[] offsets = new int[len / 4 + 1];
        int count = 0;
        int at = 20;
        while (at + 4 <= len) {
            int length = getShort(data, at + 2);
            if (at + 4 + length > len) {
                return null;
            }
            offsets[count++] = at;
            at += 4 + ((length + 3) & ~3);
        }
        if (at != len) {
            return null;
        }
        offsets[count] = -1;
        return new StunMessage(data, getShort(data, 0), offsets);
    }

    public int type() {
        return type;
    }

    byte[] transactionId() {
        return java.util.Arrays.copyOfRange(data, 8, 20);
    }

    boolean has(int attributeType) {
        return find(attributeType) >= 0;
    }

    /** USERNAME as text, or null. */
    String username() {
        int at = find(USERNAME);
        return at < 0 ? null : new String(data, at + 4, getShort(data, at + 2), StandardCharsets.UTF_8);
    }

    /**
     * MESSAGE-INTEGRITY (section 15.4): HMAC-SHA1 over the message up to the attribute, with the
     * header length counting up to its end. Short-term credentials: the key is the password.
     */
    boolean integrityMatches(String password) {
        int at = find(MESSAGE_INTEGRITY);
        if (at < 0 || getShort(data, at + 2) != 20) {
            return false;
        }
        byte[] expected = hmac(password, data, at, at + 24 - 20);
        return java.security.MessageDigest.isEqual(expected, java.util.Arrays.copyOfRange(data, at + 4, at + 24));
    }

    /** FINGERPRINT (section 15.5) is right when absent or when it matches; must be the last attribute. */
    boolean fingerprintMatches() {
        int at = find(FINGERPRINT);
        if (at < 0) {
            return true;
        }
        if (at + 8 != data.length || getShort(data, at + 2) != 4) {
            return false;
        }
        return getInt(data, at + 4) == fingerprint(data, at, at + 8 - 20);
    }

    private int find(int attributeType) {
        for (int i = 0; attributes[i] >= 0; i++) {
            if (getShort(data, attributes[i]) == attributeType) {
                return attributes[i];
            }
        }
        return -1;
    }

    /** HMAC-SHA1 of {@code msg[0, end)} with the header's length field replaced by {@code length}. */
    static byte[] hmac(String password, byte[] msg, int end, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(msg, 0, 2);
            mac.update(new byte[] {(byte) (length >>> 8), (byte) length});
            mac.update(msg, 4, end - 4);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is missing from this JDK", e);
        }
    }

    /** CRC-32 of {@code msg[0, end)} with the length field replaced by {@code length}, XOR 0x5354554e. */
    static int fingerprint(byte[] msg, int end, int length) {
        CRC32 crc = new CRC32();
        crc.update(msg, 0, 2);
        crc.update(length >>> 8);
        crc.update(length & 0xFF);
        crc.update(msg, 4, end - 4);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    static int getShort(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 8 | buf[at + 1] & 0xFF;
    }

    static int getInt(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 24 | (buf[at + 1] & 0xFF) << 16 | (buf[at + 2] & 0xFF) << 8 | buf[at + 3] & 0xFF;
    }
}
