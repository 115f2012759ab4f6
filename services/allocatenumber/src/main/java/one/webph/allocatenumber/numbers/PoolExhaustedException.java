package one.webph.allocatenumber.numbers;

/** Every number of a pool is taken, or racing allocations kept taking the free ones first. */
public class PoolExhaustedException extends RuntimeException {

    public PoolExhaustedException(String message) {
        super(message);
    }
}
