package io.breakoutbot.ops.api;

/**
 * The JSON body of every error answer.
 *
 * @param status    the HTTP status code
 * @param message   what went wrong, for a person
 * @param parameter the request parameter at fault, or null
 */
public record ErrorResponse(int status, String message, String parameter) {
}
