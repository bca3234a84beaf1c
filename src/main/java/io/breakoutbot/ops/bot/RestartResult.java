package io.breakoutbot.ops.bot;

/**
 * One run of the restart command. Open types only, so JMX clients show it as it is.
 *
 * @param actor      who asked: {@code bot-check} for an automatic restart, else the operator
 * @param command    the command as it ran
 * @param startedAt  ISO-8601 UTC
 * @param durationMs how long it ran, milliseconds
 * @param exitCode   its exit code; -1 when it could not start or was killed after the timeout
 * @param timedOut   whether it was killed after {@code ops.bot.restartTimeout}
 * @param outputTail the last {@value RestartRunner#TAIL_BYTES} bytes of its standard output and error
 * @param error      why it could not start; empty when it started
 */
public record RestartResult(
        String actor,
        String command,
        String startedAt,
        long durationMs,
        int exitCode,
        boolean timedOut,
        String outputTail,
        String error) {

    /** Whether the command ran to the end with exit code 0. */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut && error.isEmpty();
    }

    /** One sentence: "exit code 0 after 1.2 s", "killed after the 60 s timeout"... */
    public String describe() {
        String took = String.format(java.util.Locale.ROOT, "%.1f s", durationMs / 1000.0);
        if (!error.isEmpty()) {
            return "could not start: " + error;
        }
        if (timedOut) {
            return "killed after " + took + ", its timeout";
        }
        return "exit code " + exitCode + " after " + took;
    }
}
