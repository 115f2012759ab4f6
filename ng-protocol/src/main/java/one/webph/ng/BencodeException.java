package one.webph.ng;

/** Input that is not valid bencode. The message says where and why. */
public class BencodeException extends RuntimeException {

    public BencodeException(String message) {
        super(message);
    }
}
