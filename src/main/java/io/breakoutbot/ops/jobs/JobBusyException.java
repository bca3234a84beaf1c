package io.breakoutbot.ops.jobs;

/**
 * The refusal of a job because another job of its component runs: try again later, nothing failed. Translated
 * only at the boundaries: REST answers 409, and an MXBean operation throws {@link #overJmx()}, a JDK exception,
 * since JConsole and VisualVM cannot show ours. {@code jmx/opsctl} receives that one and tells it from a
 * failure by {@link #isRefusal(String)} (exit 75); the words it looks for are made here only.
 */
public final class JobBusyException extends RuntimeException {

    /**
     * What every refusal says and, once it crossed JMX, all that tells it from a failure. opsctl of another
     * version reads it too, so it stays as it is.
     */
    private static final String MARK = " is still running, so ";

    /**
     * @param holder  the job that runs, as an operator knows it: "Maintenance job 'setup'"
     * @param refused what did not happen: "'cleanup' was not started"
     */
    public JobBusyException(String holder, String refused) {
        super(holder + MARK + refused + "; try again when it ends.");
    }

    /** The refusal as a JMX client receives it: the same sentence in an {@link IllegalStateException}. */
    public IllegalStateException overJmx() {
        return new IllegalStateException(getMessage());
    }

    /** Whether a message, as it crossed JMX or REST, is such a refusal. */
    public static boolean isRefusal(String message) {
        return message != null && message.contains(MARK);
    }
}
