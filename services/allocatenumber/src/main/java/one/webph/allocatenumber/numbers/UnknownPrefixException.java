package one.webph.allocatenumber.numbers;

/** A request named a prefix this server does not hand out numbers from. */
public class UnknownPrefixException extends RuntimeException {

    public UnknownPrefixException(String prefix) {
        super("Prefix '" + prefix + "' is not one this server allocates from");
    }
}
