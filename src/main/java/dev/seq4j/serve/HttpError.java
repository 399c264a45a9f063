package dev.seq4j.serve;

import java.util.Map;

/**
 * A request the server answers with an error status and a JSON body naming what was wrong:
 * {@code {"error": {"status": 400, "field": "inputs[3]", "message": "..."}}}. Thrown anywhere below
 * {@link ModelService#handle}; never carries a stack trace to the client.
 */
final class HttpError extends RuntimeException {
    final int status;
    final String field;
    final Map<String, String> headers;

    HttpError(int status, String field, String message) {
        this(status, field, message, Map.of());
    }

    HttpError(int status, String field, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.headers = headers;
    }

    /** 400: {@code field} (a JSON path such as {@code inputs[2].times[0]}) is not what the model takes. */
    static HttpError bad(String field, String message) {
        return new HttpError(400, field, field + ": " + message);
    }
}
