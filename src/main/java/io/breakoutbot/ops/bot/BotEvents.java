package io.breakoutbot.ops.bot;

/**
 * What the bot check tells alerts and anyone else who listens. Called outside the check's lock, on the thread
 * that saw the event (the check's, or the restart's); an implementation must not block for long.
 */
public interface BotEvents {

    /** The restart command ended with exit code 0. */
    void restartDone(BotState state, RestartResult result);

    /** The restart command failed: a non-zero exit code, killed after its timeout, or it could not start. */
    void restartFailed(BotState state, RestartResult result);

    /** A restart was due, but {@code ops.bot.maxRestarts} ran within {@code ops.bot.restartWindow}: paused. */
    void loopGuardTripped(BotState state);

    /** The bot went DOWN (from UP, DEGRADED or the first check). */
    void down(BotState state);

    /** The bot answers again after it was DOWN. */
    void recovered(BotState state);
}
