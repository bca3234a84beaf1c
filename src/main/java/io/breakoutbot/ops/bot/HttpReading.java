package io.breakoutbot.ops.bot;

/**
 * One request to the bot's health URL.
 *
 * @param answered   whether an HTTP answer came within the timeout
 * @param code       the HTTP status code; 0 without an answer
 * @param latencyMs  from connecting to the end of the body, milliseconds; -1 without an answer
 * @param bodyStatus the {@code status} field of a JSON body, empty when there is none
 * @param reason     without an answer: why (refused, timed out...); empty otherwise
 */
record HttpReading(boolean answered, int code, long latencyMs, String bodyStatus, String reason) {

    static HttpReading noAnswer(String reason) {
        return new HttpReading(false, 0, -1, "", reason);
    }
}
