package one.webph.sip.transaction;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The final responses of completed non-INVITE server transactions over UDP, kept for Timer J
 * (RFC 3261 §17.2.2) to answer retransmitted requests. Every entry waits the same time, so they
 * are appended to a queue of large byte segments and expire from its head; an open-addressing
 * index of primitive arrays finds them by transaction key. There is no object per entry: as
 * records, strings, maps and addresses, the 32 s of a few thousand REGISTERs a second were
 * hundreds of thousands of small objects, most of the live heap, copied by every young
 * collection and the cause of its pauses.
 *
 * <p>The segments lie outside the Java heap and are freed as soon as they are let go. As byte
 * arrays of a G1 region each they were humongous objects: each one allocated started a G1
 * concurrent cycle once the heap was near its threshold, each cycle's Remark shrank the heap, and
 * the young collections that followed every 20-40 ms pushed the REGISTER p99 to 44-168 ms at
 * 11,200/s (the segments are re-allocated whenever load returns after the answers expired).
 * Core thread only.
 */
final class CompletedAnswers {

    private static final int LARGEST_SEGMENT = 1 << 20;
    private static final int SMALLEST_SEGMENT = 2048;
    /**
     * Direct buffers with a cleaner: released at once when let go, and freed by the collector
     * should an instance be dropped whole (tests). No leak detector: every buffer's life is this
     * class's own bookkeeping.
     */
    private static final ByteBufAllocator OFF_HEAP = new UnpooledByteBufAllocator(true, true, false);
    /** Entry header: its length (0 = the rest of the segment is unused), key hash, Timer J's end, key length. */
    private static final int LENGTH = 0;
    private static final int HASH = 4;
    private static final int ENDS_AT = 8;
    private static final int KEY_LENGTH = 16;
    private static final int HEADER = 18;
    private static final int SPARE_SEGMENTS = 4;

    private final long budget;
    private final int segmentSize;
    private final ArrayDeque<ByteBuf> segments = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> spares = new ArrayDeque<>();
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
        if (segments.isEmpty() || tailOffset + length > segments.peekLast().capacity()) {
            addSegment(length);
        }
        int letGo = 0;
        while (segmentBytes > budget && segments.size() > 1) {
            letGo += dropHeadSegment();
        }
        ByteBuf tail = segments.peekLast();
        int hash = mix(key.hashCode());
        tail.setInt(tailOffset + LENGTH, length);
        tail.setInt(tailOffset + HASH, hash);
        tail.setLong(tailOffset + ENDS_AT, endsAt);
        tail.setShort(tailOffset + KEY_LENGTH, keyBytes.length);
        tail.setBytes(tailOffset + HEADER, keyBytes);
        tail.setBytes(tailOffset + HEADER + keyBytes.length, response);
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
            if (segments.peekFirst().getLong(headOffset + ENDS_AT) > now) {
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
        return segments.peekFirst().getLong(headOffset + ENDS_AT);
    }

    int size() {
        return size;
    }

    /** Bytes of memory outside the heap held now: the segments in use and the spares. */
    long bytesHeld() {
        long spareBytes = 0;
        for (ByteBuf spare : spares) {
            spareBytes += spare.capacity();
        }
        return segmentBytes + spareBytes;
    }

    private void addSegment(int length) {
        ByteBuf segment = length <= segmentSize && !spares.isEmpty() ? spares.pollFirst() : newSegment(Math.max(segmentSize, length));
        if (!segments.isEmpty()) {
            ByteBuf last = segments.peekLast();
            if (tailOffset + 4 <= last.capacity()) {
                last.setInt(tailOffset + LENGTH, 0); // The rest of it is unused.
            }
        }
        if (segments.isEmpty()) {
            headOffset = 0;
        }
        segments.addLast(segment);
        segmentBytes += segment.capacity();
        tailOffset = 0;
    }

    /** Moves the head past the unused end of its segment, to the next segment's first entry. */
    private void skipUnusedTail() {
        ByteBuf head = segments.peekFirst();
        if (segments.size() > 1 && (headOffset + HEADER > head.capacity() || head.getInt(headOffset + LENGTH) == 0)) {
            releaseHeadSegment();
        }
    }

    /** @return whether the entry was still the answer to its key (not replaced by a newer one) */
    private boolean dropHeadEntry() {
        ByteBuf head = segments.peekFirst();
        int length = head.getInt(headOffset + LENGTH);
        int hash = head.getInt(headOffset + HASH);
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
        ByteBuf released = segments.pollFirst();
        segmentBytes -= released.capacity();
        firstSegment++;
        headOffset = 0;
        if (released.capacity() == segmentSize && spares.size() < SPARE_SEGMENTS) {
            spares.addLast(released);
        } else {
            released.release();
        }
    }

    private static ByteBuf newSegment(int size) {
        return OFF_HEAP.directBuffer(size, size);
    }

    private ByteBuf segment(long position) {
        int number = (int) ((position >>> 32) - firstSegment);
        return number == 0 ? segments.peekFirst() : number == segments.size() - 1 ? segments.peekLast() : segmentAt(number);
    }

    private ByteBuf segmentAt(int number) {
        int i = 0;
        for (ByteBuf segment : segments) {
            if (i++ == number) {
                return segment;
            }
        }
        throw new IllegalStateException("no segment " + number);
    }

    private boolean keyAt(long position, byte[] key) {
        ByteBuf segment = segment(position);
        int offset = (int) position;
        if (segment.getUnsignedShort(offset + KEY_LENGTH) != key.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (segment.getByte(offset + HEADER + i) != key[i]) {
                return false;
            }
        }
        return true;
    }

    private byte[] responseAt(long position) {
        ByteBuf segment = segment(position);
        int offset = (int) position;
        int length = segment.getInt(offset + LENGTH);
        int keyLength = segment.getUnsignedShort(offset + KEY_LENGTH);
        byte[] response = new byte[length - HEADER - keyLength];
        segment.getBytes(offset + HEADER + keyLength, response);
        return response;
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
