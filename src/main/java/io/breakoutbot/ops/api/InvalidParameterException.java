package io.breakoutbot.ops.api;

import jakarta.ws.rs.BadRequestException;

/** A 400 that names the query or path parameter at fault, so the caller knows what to fix. */
public class InvalidParameterException extends BadRequestException {

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
