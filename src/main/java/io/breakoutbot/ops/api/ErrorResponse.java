package io.breakoutbot.ops.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON body of every error answer.
 *
 * @param status    the HTTP status code
 * @param message   what went wrong, for a person
 * @param parameter the request parameter at fault, or null
 */
public record ErrorResponse(int status, String message, String parameter) {

    /** Answers with this error, for the servlet and filter paths that JAX-RS's {@link ErrorMapper} does not see. */
    public void send(HttpServletResponse response) throws IOException {
        byte[] body = JsonConfig.JSONB.toJson(this).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        StatusLine.complete(response, status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
