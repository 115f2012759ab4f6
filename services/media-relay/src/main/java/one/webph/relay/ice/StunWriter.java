package one.webph.relay.ice;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Builds a STUN message: header, attributes, then MESSAGE-INTEGRITY and FINGERPRINT when asked.
 * Single use, not thread-safe.
 */
final class StunWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    StunWriter(int type, byte[] transactionId) {
        putShort(type);
        putShort(0);
        putInt(StunMessage.MAGIC_COOKIE);
        out.writeBytes(transactionId);
    }

    StunWriter attribute(int type, byte[] value) {
        putShort(type);
        putShort(value.length);
        out.writeBytes(value);
        for (int pad = value.length; pad % 4 != 0; pad++) {
            out.write(0);
        }
        return this;
    }

    /** XOR-MAPPED-ADDRESS (RFC 5389 section 15.2): port XOR the cookie's top half, address XOR cookie (and transaction id for IPv6). */
    StunWriter xorMappedAddress(InetSocketAddress address, byte[] transactionId) {
        byte[] ip = address.getAddress().getAddress();
        byte[] value = new byte[4 + ip.length];
        value[1] = (byte) (ip.length == 4 ? 0x01 : 0x02);
        int port = address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16);
        value[2] = (byte) (port >>> 8);
        value[3] = (byte) port;
        byte[] mask = new byte[16];
        mask[0] = 0x21;
        mask[1] = 0x12;
        mask[2] = (byte) 0xA4;
        mask[3] = 0x42;
        System.arraycopy(transactionId, 0, mask, 4, 12);
        for (int i = 0; i < ip.length; i++) {
            value[4 + i] = (byte) (ip[i] ^ mask[i]);
        }
        return attribute(StunMessage.XOR_MAPPED_ADDRESS, value);
    }

    StunWriter messageIntegrity(String password) {
        byte[] sofar = out.toByteArray();
        byte[] mac = StunMessage.hmac(password, sofar, sofar.length, sofar.length + 24 - 20);
        return attribute(StunMessage.MESSAGE_INTEGRITY, mac);
    }

    byte[] withFingerprint() {
        byte[] sofar = out.toByteArray();
        int crc = StunMessage.fingerprint(sofar, sofar.length, sofar.length + 8 - 20);
        attribute(StunMessage.FINGERPRINT, new byte[] {(byte) (crc >>> 24), (byte) (crc >>> 16), (byte) (crc >>> 8), (byte) crc});
        return finish();
    }

    byte[] finish() {
        byte[] message = out.toByteArray();
        int length = message.length - 20;
        message[2] = (byte) (length >>> 8);
        message[3] = (byte) length;
        return message;
    }

    private void putShort(int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private void putInt(int value) {
        putShort(value >>> 16);
        putShort(value & 0xFFFF);
    }
}
