package one.webph.sip.transaction;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The final responses of completed non-INVITE server transactions over UDP, kept for Timer J
 * (RFC 3261 §17.2.2) to answer retransmitted requests. Every entry waits the same time, so they
 * are appended to a queue of large byte segments and expire from its head; an open-addressing
 * index of primitive arrays finds them by transaction key. There is no object per entry: as
 * records, strings, maps and addresses, the 32 s of a few thousand REGISTERs a second were
 * hundreds of thousands of small objects, most of the live heap, copied by every young
 * collection and the cause of its pauses. Core thread only.
 */
final class CompletedAnswers {

    /** One G1 region at heap sizes up to 2 GB: a segment is never copied, and wastes no region. */
    private static final int LARGEST_SEGMENT = (1 << 20) - 16;
    private static final int SMALLEST_SEGMENT = 2048;
    /** Entry header: its length (0 = the rest of the segment is unused), key hash, Timer J's end, key length. */
    private static final int LENGTH = 0;
    private static final int HASH = 4;
    private static final int ENDS_AT = 8;
    private static final int KEY_LENGTH = 16;
    private static final int HEADER = 18;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final int SPARE_SEGMENTS = 4;

    private final long budget;
    private final int segmentSize;
    private final ArrayDeque<byte[]> segments = new ArrayDeque<>();
    private final ArrayDeque<byte[]> spares = new ArrayDeque<>();
    /** The number of the first segment in the queue; an entry's position is segment number and offset. */
    private long firstSegment;
    private int headOffset;
    private int tailOffset;
    private long segmentBytes;
    private int size;

    /** Open addressing, linear probing: position + 1 of each entry (0 = empty slot) and its key's hash. */
    private long[] positions = new long[1024];
    private int[] hashes = new int[1024];

    /** @param budget bytes the segments may take; beyond it the oldest entries are let go early */
    CompletedAnswers(long budget) {
        this.budget = budget;
        this.segmentSize = (int) Math.max(SMALLEST_SEGMENT, Math.min(LARGEST_SEGMENT, budget / 8));
    }

    /**
     * Keeps the response to the key until endsAt.
     *
     * @return how many older entries were let go early to stay within the budget
     */
    int put(String key, byte[] response, long endsAt) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        if (keyBytes.length > 0xFFFF) {
            return 0; // A branch no client sends; its retransmissions are answered as new requests.
        }
        int length = HEADER + keyBytes.length + response.length;
        if (segments.isEmpty() || tailOffset + length > segments.peekLast().length) {
            addSegment(length);
        }
        int letGo = 0;
        while (segmentBytes > budget && segments.size() > 1) {
            letGo += dropHeadSegment();
        }
        byte[] tail = segments.peekLast();
        int hash = mix(key.hashCode());
        INT.set(tail, tailOffset + LENGTH, length);
        INT.set(tail, tailOffset + HASH, hash);
        LONG.set(tail, tailOffset + ENDS_AT, endsAt);
        SHORT.set(tail, tailOffset + KEY_LENGTH, (short) keyBytes.length);
        System.arraycopy(keyBytes, 0, tail, tailOffset + HEADER, keyBytes.length);
        System.arraycopy(response, 0, tail, tailOffset + HEADER + keyBytes.length, response.length);
        long position = (firstSegment + segments.size() - 1) << 32 | tailOffset;
        tailOffset += length;
        index(hash, keyBytes, position);
        return letGo;
    }

    /** The response kept for the key, or null. */
    byte[] get(String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int hash = mix(key.hashCode());
        int mask = positions.length - 1;
        for (int slot = hash & mask; positions[slot] != 0; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash && keyAt(positions[slot] - 1, keyBytes)) {
                return responseAt(positions[slot] - 1);
            }
        }
        return null;
    }

    /** Lets go of every entry whose time ended by now. */
    void expire(long now) {
        while (size > 0) {
            skipUnusedTail();
            byte[] head = segments.peekFirst();
            if ((long) LONG.get(head, headOffset + ENDS_AT) > now) {
                return;
            }
            dropHeadEntry();
        }
    }

    /** When the oldest entry's time ends, or -1 when there is none. */
    long nextExpiry() {
        if (size == 0) {
            return -1;
        }
        skipUnusedTail();
        return (long) LONG.get(segments.peekFirst(), headOffset + ENDS_AT);
    }

    int size() {
        return size;
    }

    private void addSegment(int length) {
        byte[] segment = length <= segmentSize && !spares.isEmpty() ? spares.pollFirst() : new byte[Math.max(segmentSize, length)];
        if (!segments.isEmpty()) {
            byte[] last = segments.peekLast();
            if (tailOffset + 4 <= last.length) {
                INT.set(last, tailOffset + LENGTH, 0); // The rest of it is unused.
            }
        }
        if (segments.isEmpty()) {
            headOffset = 0;
        }
        segments.addLast(segment);
        segmentBytes += segment.length;
        tailOffset = 0;
    }

    /** Moves the head past the unused end of its segment, to the next segment's first entry. */
    private void skipUnusedTail() {
        byte[] head = segments.peekFirst();
        if (segments.size() > 1 && (headOffset + HEADER > head.length || (int) INT.get(head, headOffset + LENGTH) == 0)) {
            releaseHeadSegment();
        }
    }

    /** @return whether the entry was still the answer to its key (not replaced by a newer one) */
    private boolean dropHeadEntry() {
        byte[] head = segments.peekFirst();
        int length = (int) INT.get(head, headOffset + LENGTH);
        int hash = (int) INT.get(head, headOffset + HASH);
        boolean indexed = unindex(hash, firstSegment << 32 | headOffset);
        headOffset += length;
        if (segments.size() == 1 && headOffset == tailOffset) {
            headOffset = 0;
            tailOffset = 0; // Empty: the one segment is written from its start again.
        }
        return indexed;
    }

    private int dropHeadSegment() {
        int dropped = 0;
        long head = firstSegment;
        while (size > 0 && firstSegment == head) {
            skipUnusedTail();
            if (firstSegment != head) {
                break;
            }
            if (dropHeadEntry()) {
                dropped++;
            }
        }
        if (firstSegment == head && segments.size() > 1) {
            releaseHeadSegment();
        }
        return dropped;
    }

    private void releaseHeadSegment() {
        byte[] released = segments.pollFirst();
        segmentBytes -= released.length;
        firstSegment++;
        headOffset = 0;
        if (released.length == segmentSize && spares.size() < SPARE_SEGMENTS) {
            spares.addLast(released);
        }
    }

    private byte[] segment(long position) {
        int number = (int) ((position >>> 32) - firstSegment);
        return number == 0 ? segments.peekFirst() : number == segments.size() - 1 ? segments.peekLast() : segmentAt(number);
    }

    private byte[] segmentAt(int number) {
        int i = 0;
        for (byte[] segment : segments) {
            if (i++ == number) {
                return segment;
            }
        }
        throw new IllegalStateException("no segment " + number);
    }

    private boolean keyAt(long position, byte[] key) {
        byte[] segment = segment(position);
        int offset = (int) position;
        int keyLength = Short.toUnsignedInt((short) SHORT.get(segment, offset + KEY_LENGTH));
        return keyLength == key.length
                && Arrays.equals(segment, offset + HEADER, offset + HEADER + keyLength, key, 0, key.length);
    }

    private byte[] responseAt(long position) {
        byte[] segment = segment(position);
        int offset = (int) position;
        int length = (int) INT.get(segment, offset + LENGTH);
        int keyLength = Short.toUnsignedInt((short) SHORT.get(segment, offset + KEY_LENGTH));
        return Arrays.copyOfRange(segment, offset + HEADER + keyLength, offset + length);
    }

    private void index(int hash, byte[] key, long position) {
        if ((size + 1) * 2 > positions.length) {
            resize(positions.length * 2);
        }
        int mask = positions.length - 1;
        int slot = hash & mask;
        while (positions[slot] != 0) {
            if (hashes[slot] == hash && keyAt(positions[slot] - 1, key)) {
                positions[slot] = position + 1; // The same key again: the newer answer wins.
                return;
            }
            slot = (slot + 1) & mask;
        }
        positions[slot] = position + 1;
        hashes[slot] = hash;
        size++;
    }

    /** Removes the index entry for the position, if it still points there (backward-shift deletion). */
    private boolean unindex(int hash, long position) {
        int mask = positions.length - 1;
        int slot = hash & mask;
        while (positions[slot] != position + 1) {
            if (positions[slot] == 0) {
                return false; // A newer answer to the same key took its place.
            }
            slot = (slot + 1) & mask;
        }
        size--;
        int next = slot;
        while (true) {
            next = (next + 1) & mask;
            if (positions[next] == 0) {
                break;
            }
            int home = hashes[next] & mask;
            // Move the entry back into the hole unless its home lies cyclically after the hole.
            boolean movable = slot <= next ? home <= slot || home > next : home <= slot && home > next;
            if (movable) {
                positions[slot] = positions[next];
                hashes[slot] = hashes[next];
                slot = next;
            }
        }
        positions[slot] = 0;
        return true;
    }

    private void resize(int capacity) {
        long[] oldPositions = positions;
        int[] oldHashes = hashes;
        positions = new long[capacity];
        hashes = new int[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldPositions.length; i++) {
            if (oldPositions[i] != 0) {
                int slot = oldHashes[i] & mask;
                while (positions[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                positions[slot] = oldPositions[i];
                hashes[slot] = oldHashes[i];
            }
        }
    }

    /** Spreads String.hashCode's bits over the low ones the index uses. */
    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
