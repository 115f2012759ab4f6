package one.webph.relay.control.ng;

/** A command that cannot be carried out; the message becomes the reply's {@code error-reason}. */
class NgException extends RuntimeException {

    NgException(String reason) {
        super(reason);
    }
}
