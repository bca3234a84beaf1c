package io.breakoutbot.ops.jobs;

/**
 * The refusal of a job because another one holds its lock. MXBean operations throw only the JDK's exceptions,
 * which JConsole and VisualVM can show, so the refusal is an {@link IllegalStateException} whose message holds
 * {@link #MARK}; {@code jmx/opsctl} (exit 75) and the REST layer (409) tell it from a failure by that mark,
 * made here only.
 */
public final class JobBusy {

    static final String MARK = " is still running, so ";

    private JobBusy() {
    }

    /**
     * @param holder  the job that runs, as an operator knows it: "Maintenance job 'setup'"
     * @param refused what did not happen: "'cleanup' was not started"
     */
    public static IllegalStateException refusal(String holder, String refused) {
        return new IllegalStateException(holder + MARK + refused + "; try again when it ends.");
    }

    /** Whether a message, as it crossed JMX or REST, is such a refusal. */
    public static boolean marks(String message) {
        return message != null && message.contains(MARK);
    }
}
