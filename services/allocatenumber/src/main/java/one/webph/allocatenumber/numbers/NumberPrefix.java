package one.webph.allocatenumber.numbers;

/**
 * A pool of numbers: a prefix followed by a fixed count of digits, e.g. 999100 + 5 digits.
 * Numbers of one pool have the same length, so their string order is their numeric order.
 */
public record NumberPrefix(String prefix, int digits) {

    public NumberPrefix {
        if (!prefix.matches("[0-9]{1,16}")) {
            throw new IllegalArgumentException("A number prefix is 1 to 16 digits, not '" + prefix + "'");
        }
        if (digits < 1 || digits > 9) {
            throw new IllegalArgumentException("A prefix is followed by 1 to 9 digits, not " + digits);
        }
    }

    /** How many numbers the pool holds. */
    public long size() {
        long size = 1;
        for (int i = 0; i < digits; i++) {
            size *= 10;
        }
        return size;
    }

    /** The full number for the n-th member of the pool. */
    public String number(long n) {
        return prefix + String.format("%0" + digits + "d", n);
    }

    /** Whether a number belongs to this pool. */
    public boolean contains(String number) {
        return number.length() == prefix.length() + digits && number.startsWith(prefix)
                && number.substring(prefix.length()).chars().allMatch(Character::isDigit);
    }
}
