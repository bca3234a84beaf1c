package io.breakoutbot.ops.bot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bot's events as log lines: ERROR for what needs an operator, WARN for a failure, INFO for recoveries. */
public class LoggedBotEvents implements BotEvents {

    private static final Logger LOG = LoggerFactory.getLogger(LoggedBotEvents.class);

    @Override
    public void restartDone(BotState state, RestartResult result) {
        LOG.warn("Bot restarted by {} with {}: {}", result.actor(), result.command(), result.describe());
    }

    @Override
    public void restartFailed(BotState state, RestartResult result) {
        LOG.error(
                "Bot restart by {} with {} failed: {}; output: {}",
                result.actor(),
                result.command(),
                result.describe(),
                result.outputTail().strip());
    }

    @Override
    public void loopGuardTripped(BotState state) {
        LOG.error("Bot {}: {}", BotState.PAUSED_BY_LOOP_GUARD, state.reason());
    }

    @Override
    public void down(BotState state) {
        LOG.error("Bot DOWN: {}", state.reason());
    }

    @Override
    public void recovered(BotState state) {
        LOG.info("Bot {} again: {}", state.status(), state.reason());
    }
}
