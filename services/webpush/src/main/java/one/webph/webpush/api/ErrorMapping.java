package one.webph.webpush.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where failures become HTTP answers: {@code {error, message}}, never a stack trace. */
class ErrorMapping {

    private static final Logger LOG = Logger.getLogger(ErrorMapping.class);

    @ServerExceptionMapper
    Response api(ApiException e) {
        return json(e.status, e.error, e.getMessage());
    }

    @ServerExceptionMapper
    Response unreadableJson(JsonProcessingException e) {
        return json(400, "bad_json", "The body is not the JSON this endpoint expects: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper(priority = 1)
    Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        String error = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            default -> status < 500 ? "bad_request" : "server_error";
        };
        return json(status, error, status < 500 ? e.getMessage() : "The server could not complete the request");
    }

    @ServerExceptionMapper
    Response unexpected(RuntimeException e) {
        LOG.error("Request failed unexpectedly", e);
        return json(500, "server_error", "The server could not complete the request");
    }

    private static Response json(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(error, message)).build();
    }
}
