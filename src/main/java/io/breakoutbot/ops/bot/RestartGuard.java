package io.breakoutbot.ops.bot;

/** Whether the bot check may restart the bot on its own. */
public enum RestartGuard {
    /** Restarts after {@code ops.bot.failuresBeforeRestart} DOWN checks in a row. */
    ACTIVE,
    /** An operator paused restarts; they stay paused until one resumes them. */
    PAUSED_BY_OPERATOR,
    /** {@code ops.bot.maxRestarts} restarts within {@code ops.bot.restartWindow}: paused until an operator resumes. */
    PAUSED_BY_LOOP_GUARD,
    /** No {@code ops.bot.restartCommand}: never restarted. */
    NO_COMMAND
}
