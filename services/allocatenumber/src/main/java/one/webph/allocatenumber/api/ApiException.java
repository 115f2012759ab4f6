package one.webph.allocatenumber.api;

import java.time.Duration;

/** A request that cannot be served, with the HTTP status and error code the client gets. */
class ApiException extends RuntimeException {

    final int status;
    final String error;
    final Duration retryAfter;

    ApiException(int status, String error, String message) {
        this(status, error, message, null);
    }

    ApiException(int status, String error, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }
}
