package io.breakoutbot.ops.bot;

/**
 * The bot as the last check saw it, and what the restarts did. Open types only (enums show as their names),
 * so JConsole shows it as CompositeData and JSON-B writes it as it is.
 *
 * @param status              UP, DEGRADED, DOWN, or UNKNOWN when the check is off
 * @param reason              one sentence for an operator: why the status, and the restart guard when it pauses
 * @param pid                 the bot's process id; 0 when unknown or not running
 * @param alive               whether the bot's process exists (a stopped one too); with only a health URL, whether it
 *                            answered
 * @param httpCode            the health URL's status code; 0 without an answer or without a health URL
 * @param latencyMs           the health URL's answer time, milliseconds; -1 without an answer
 * @param bodyStatus          the {@code status} field of the health URL's JSON body; empty when none
 * @param checkedAt           when the last check ran, ISO-8601 UTC; empty before the first
 * @param consecutiveFailures DOWN checks in a row counted towards a restart (not those in a start grace)
 * @param restartsTotal       restarts run since the service started, automatic and by operators
 * @param lastRestartAt       when the last restart began, ISO-8601 UTC; empty before the first
 * @param lastRestartExitCode the last restart command's exit code; -1 when it could not start, was killed, or
 *                            before the first
 * @param lastRestartOutcome  the last restart in words ("exit code 0 after 1.2 s"); empty before the first
 * @param lastRestartOutput   the last 2 KB of the last restart command's output
 * @param restartGuard        whether automatic restarts may run
 * @param restarting          whether the restart command runs now
 * @param graceUntil          the end of the start grace after the last restart, ISO-8601 UTC; empty when not in one
 * @param cpuPercent          the bot process's CPU since the previous check, percent of the machine 0 to 100; NaN
 *                            when unknown
 * @param residentBytes       its resident memory, bytes; -1 when unknown
 * @param threads             its threads; -1 when unknown
 * @param openFiles           its open file descriptors; -1 when unknown
 * @param maxOpenFiles        its soft limit of open file descriptors; -1 when unknown
 */
public record BotState(
        BotStatus status,
        String reason,
        long pid,
        boolean alive,
        int httpCode,
        long latencyMs,
        String bodyStatus,
        String checkedAt,
        int consecutiveFailures,
        long restartsTotal,
        String lastRestartAt,
        int lastRestartExitCode,
        String lastRestartOutcome,
        String lastRestartOutput,
        RestartGuard restartGuard,
        boolean restarting,
        String graceUntil,
        double cpuPercent,
        long residentBytes,
        int threads,
        long openFiles,
        long maxOpenFiles) {

    /** The sentence while the loop guard pauses restarts; health and alerts show it. */
    public static final String PAUSED_BY_LOOP_GUARD = "restarts paused by the loop guard";

    /** Whether an operator must act before the bot is restarted again: the loop guard paused restarts. */
    public boolean restartsPaused() {
        return restartGuard == RestartGuard.PAUSED_BY_LOOP_GUARD || restartGuard == RestartGuard.PAUSED_BY_OPERATOR;
    }
}
