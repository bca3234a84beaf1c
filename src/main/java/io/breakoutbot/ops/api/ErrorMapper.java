package io.breakoutbot.ops.api;

import io.breakoutbot.ops.jobs.JobBusyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception a resource throws into an {@link ErrorResponse}. Client errors keep their status
 * and message; a job refused because another runs is 409 with its sentence (try again later); anything
 * unexpected is logged with its stack trace and answered 500 without details, which could leak internals.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable thrown) {
        // 4xx, and the 5xx a resource chose on purpose (502 for a store that did not answer): its sentence stands
        if (thrown instanceof WebApplicationException web && web.getResponse().getStatus() != 500) {
            int status = web.getResponse().getStatus();
            String parameter = thrown instanceof InvalidParameterException invalid ? invalid.parameter() : null;
            String message = thrown.getMessage() == null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase()
                    : thrown.getMessage();
            return json(new ErrorResponse(status, message, parameter));
        }
        if (thrown instanceof JobBusyException busy) {
            return json(new ErrorResponse(Response.Status.CONFLICT.getStatusCode(), busy.getMessage(), null));
        }
        LOG.error("Request failed", thrown);
        return json(new ErrorResponse(500, "Internal error; see errors.log", null));
    }

    private static Response json(ErrorResponse body) {
        return Response.status(body.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(body)
                .build();
    }
}
