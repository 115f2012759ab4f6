package one.webph.relay.srtp;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

/**
 * AES in counter mode as SRTP defines it (the block counter is the low 16 bits of the IV), built
 * on an ECB cipher that is initialised once: a packet costs one {@code update} over its counter
 * blocks and no allocation, where a CTR cipher would need a new init (and IV object) per packet.
 * Not thread-safe: one per direction.
 */
final class CounterMode {

    private static final int MAX_BLOCKS = 128;

    private final Cipher ecb;
    private final byte[] counters = new byte[MAX_BLOCKS * 16];
    private final byte[] keystream = new byte[MAX_BLOCKS * 16];

    CounterMode(Cipher ecb) {
        this.ecb = ecb;
    }

    /** XORs {@code len} bytes of {@code buf} with the keystream that starts at {@code iv} (16 bytes, low 16 bits zero). */
    void xor(byte[] iv, byte[] buf, int off, int len) {
        int blocks = (len + 15) / 16;
        if (blocks > MAX_BLOCKS) {
            throw new IllegalArgumentException("packet too large for SRTP: " + len);
        }
        for (int b = 0; b < blocks; b++) {
            int base = b * 16;
            System.arraycopy(iv, 0, counters, base, 14);
            counters[base + 14] = (byte) (b >>> 8);
            counters[base + 15] = (byte) b;
        }
        try {
            ecb.update(counters, 0, blocks * 16, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < len; i++) {
            buf[off + i] ^= keystream[i];
        }
    }
}
