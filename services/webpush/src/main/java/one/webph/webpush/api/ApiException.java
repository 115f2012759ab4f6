package one.webph.webpush.api;

/** A request that cannot be served, with the HTTP status and error code the client gets. */
class ApiException extends RuntimeException {

    final int status;
    final String error;

    ApiException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }
}
