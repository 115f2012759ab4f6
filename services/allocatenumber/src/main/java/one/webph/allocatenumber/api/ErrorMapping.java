package one.webph.allocatenumber.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP answers: bad input is a 4xx with {@link ApiError},
 * anything unexpected a 500 whose body reveals nothing internal (the details go to the log).
 */
class ErrorMapping {

    private static final Logger LOG = Logger.getLogger(ErrorMapping.class);

    @ServerExceptionMapper
    Response api(ApiException e) {
        Response.ResponseBuilder response = json(e.status, e.error, e.getMessage());
        if (e.retryAfter != null) {
            response.header("Retry-After", Math.max(1, e.retryAfter.toSeconds()));
        }
        return response.build();
    }

    @ServerExceptionMapper
    Response unreadableJson(JsonProcessingException e) {
        return json(400, "bad_json", "The body is not the JSON this endpoint expects: "
                + e.getOriginalMessage()).build();
    }

    /** More specific than Quarkus' own mapper for this type, which answers with an empty body. */
    @ServerExceptionMapper(priority = 1)
    Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        String error = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406, 415 -> "unsupported_media_type";
            case 413 -> "body_too_large";
            default -> status < 500 ? "bad_request" : "server_error";
        };
        String message = status < 500 ? e.getMessage() : "The server could not complete the request";
        return json(status, error, message).build();
    }

    @ServerExceptionMapper
    Response unexpected(RuntimeException e) {
        LOG.error("Request failed unexpectedly", e);
        return json(500, "server_error", "The server could not complete the request").build();
    }

    private static Response.ResponseBuilder json(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(error, message));
    }
}
