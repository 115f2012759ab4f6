package one.webph.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CompletedAnswersTest {

    private static byte[] answer(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAnswerIsFoundByItsKeyUntilItsTimeEnds() {
        CompletedAnswers answers = new CompletedAnswers(1 << 20);
        answers.put("z9hg4bk1|10.0.0.1:5060|REGISTER", answer("SIP/2.0 200 OK one"), 100);
        answers.put("z9hg4bk2|10.0.0.1:5060|REGISTER", answer("SIP/2.0 401 two"), 200);
        assertArrayEquals(answer("SIP/2.0 200 OK one"), answers.get("z9hg4bk1|10.0.0.1:5060|REGISTER"));
        assertNull(answers.get("z9hg4bk1|10.0.0.2:5060|REGISTER"));
        assertEquals(100, answers.nextExpiry());

        answers.expire(150);
        assertNull(answers.get("z9hg4bk1|10.0.0.1:5060|REGISTER"));
        assertArrayEquals(answer("SIP/2.0 401 two"), answers.get("z9hg4bk2|10.0.0.1:5060|REGISTER"));
        answers.expire(200);
        assertEquals(0, answers.size());
        assertEquals(-1, answers.nextExpiry());
    }

    @Test
    void keysWithTheSameHashAreToldApart() {
        CompletedAnswers answers = new CompletedAnswers(1 << 20);
        assertEquals("Aa".hashCode(), "BB".hashCode());
        answers.put("Aa", answer("first"), 10);
        answers.put("BB", answer("second"), 20);
        assertArrayEquals(answer("first"), answers.get("Aa"));
        assertArrayEquals(answer("second"), answers.get("BB"));
        answers.expire(10);
        assertNull(answers.get("Aa"));
        assertArrayEquals(answer("second"), answers.get("BB"), "the entry that probed past the first is still found");
    }

    @Test
    void beyondTheBudgetTheOldestAreLetGoFirst() {
        CompletedAnswers answers = new CompletedAnswers(16_384);
        int letGo = 0;
        for (int i = 0; i < 200; i++) {
            letGo += answers.put("key" + i, new byte[400], 1000 + i);
        }
        assertTrue(letGo > 0);
        assertEquals(200 - letGo, answers.size());
        assertNull(answers.get("key0"));
        assertEquals(400, answers.get("key199").length);
        assertTrue(answers.size() * 400 <= 16_384, "within the budget: " + answers.size());
    }

    @Test
    void anAnswerLargerThanASegmentIsKept() {
        CompletedAnswers answers = new CompletedAnswers(16_384);
        byte[] large = new byte[10_000];
        large[9_999] = 7;
        answers.put("small", answer("x"), 1);
        answers.put("large", large, 2);
        answers.put("after", answer("y"), 3);
        assertArrayEquals(large, answers.get("large"));
        answers.expire(2);
        assertArrayEquals(answer("y"), answers.get("after"));
    }

    @Test
    void aKeyLongerThanAShortHoldsIsFoundAndOneBeyondSixtyFourKilobytesIsNotKept() {
        CompletedAnswers answers = new CompletedAnswers(1 << 20);
        String long40k = "z9hG4bK" + "a".repeat(40_000);
        answers.put(long40k, answer("kept"), 10);
        assertArrayEquals(answer("kept"), answers.get(long40k));
        String tooLong = "z9hG4bK" + "b".repeat(70_000);
        assertEquals(0, answers.put(tooLong, answer("not kept"), 10));
        assertNull(answers.get(tooLong));
        assertEquals(1, answers.size());
    }

    @Test
    void onceEveryAnswerExpiredOnlyAFewSpareSegmentsAreHeld() {
        CompletedAnswers answers = new CompletedAnswers(8L << 20); // Segments of 1 MB.
        for (int i = 0; i < 20_000; i++) {
            answers.put("z9hG4bK" + i + "|10.0.0.1:5060|REGISTER", new byte[400], 1000 + i / 100);
        }
        assertTrue(answers.bytesHeld() >= 8L << 20, "under load the budget is in use: " + answers.bytesHeld());
        answers.expire(2000);
        assertEquals(0, answers.size());
        assertTrue(answers.bytesHeld() <= 5L << 20, "at rest the segment written last and at most four spares: " + answers.bytesHeld());
        answers.put("z9hG4bKagain|10.0.0.1:5060|REGISTER", answer("again"), 3000);
        assertArrayEquals(answer("again"), answers.get("z9hG4bKagain|10.0.0.1:5060|REGISTER"), "a spare is written again");
    }

    /** Random puts, lookups and expiries against a plain map of what should be there. */
    @Test
    void manyRandomStepsAgreeWithAPlainMap() {
        Random random = new Random(42);
        CompletedAnswers answers = new CompletedAnswers(64 * 1024);
        Map<String, byte[]> expected = new HashMap<>();
        ArrayDeque<Object[]> inOrder = new ArrayDeque<>();
        long now = 0;
        int totalLetGo = 0;
        int expired = 0;
        for (int step = 0; step < 50_000; step++) {
            now += random.nextInt((step / 5_000) % 2 == 0 ? 3 : 20); // Busy spells, which outgrow the budget, and quiet ones.
            int action = random.nextInt(10);
            if (action < 6) {
                String key = "z9hG4bK" + random.nextInt(2_000) + "|127.0.0.1:5060|REGISTER";
                byte[] value = new byte[1 + random.nextInt(random.nextInt(20) == 0 ? 3_000 : 300)];
                random.nextBytes(value);
                int letGo = answers.put(key, value, now + 300);
                totalLetGo += letGo;
                for (int i = 0; i < letGo; i++) {
                    // The oldest went first; a key put again later keeps its newer answer.
                    Object[] oldest = inOrder.pollFirst();
                    if (expected.get((String) oldest[0]) == oldest[1]) {
                        expected.remove((String) oldest[0]);
                    } else {
                        i--;
                    }
                }
                expected.put(key, value);
                inOrder.addLast(new Object[] {key, value, now + 300});
            } else if (action < 9) {
                String key = "z9hG4bK" + random.nextInt(2_000) + "|127.0.0.1:5060|REGISTER";
                byte[] found = answers.get(key);
                if (expected.containsKey(key)) {
                    assertArrayEquals(expected.get(key), found, "step " + step + ": " + key);
                } else {
                    assertNull(found, "step " + step + ": " + key);
                }
            } else {
                answers.expire(now);
                while (!inOrder.isEmpty() && (long) inOrder.peekFirst()[2] <= now) {
                    Object[] done = inOrder.pollFirst();
                    if (expected.remove((String) done[0], done[1])) {
                        expired++;
                    }
                }
            }
            assertEquals(expected.size(), answers.size(), "step " + step);
        }
        assertTrue(totalLetGo > 100 && expired > 100, "both ways out were taken: " + totalLetGo + " let go, " + expired + " expired");
    }
}
