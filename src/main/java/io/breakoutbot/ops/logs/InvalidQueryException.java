package io.breakoutbot.ops.logs;

/**
 * A log query that cannot be run as asked. {@link #parameter()} names the offending query parameter, so
 * the REST boundary can answer 400 with it; the message is a sentence for the operator.
 */
class InvalidQueryException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    public InvalidQueryException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** @return the parameter that was wrong: {@code levels}, {@code level}, {@code components}, {@code sources}, {@code since}, {@code until}, {@code text}, {@code limit} or {@code cursor} */
    public String parameter() {
        return parameter;
    }
}
