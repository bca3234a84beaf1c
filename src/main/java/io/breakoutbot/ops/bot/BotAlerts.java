package io.breakoutbot.ops.bot;

import io.breakoutbot.ops.alerts.Alerting;
import io.breakoutbot.ops.alerts.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The bot's restarts as alerts, besides their log lines: an operator must hear that the bot was restarted,
 * and why, even when it came back. A bot that stays down and restarts paused by the loop guard alert through
 * health ({@code health.bot}, {@code bot.restarts}), which also resolves them.
 */
@ApplicationScoped
public class BotAlerts implements BotEvents {

    private final LoggedBotEvents log = new LoggedBotEvents();

    @Inject
    Alerting alerting;

    @Override
    public void restartDone(BotState state, RestartResult result) {
        log.restartDone(state, result);
        alerting.dispatch()
                .sendEvent(
                        "bot.restart",
                        Severity.WARNING,
                        0,
                        0,
                        "bot restarted by " + result.actor() + " with " + result.command() + ": " + result.describe());
    }

    @Override
    public void restartFailed(BotState state, RestartResult result) {
        log.restartFailed(state, result);
        String output = result.outputTail().strip();
        alerting.dispatch()
                .sendEvent(
                        "bot.restart",
                        Severity.WARNING,
                        0,
                        0,
                        "bot restart by " + result.actor() + " with " + result.command() + " failed: "
                                + result.describe() + (output.isEmpty() ? "" : "; output ends: " + tail(output)));
    }

    private static String tail(String output) {
        return output.length() <= 300 ? output : "…" + output.substring(output.length() - 300);
    }

    @Override
    public void loopGuardTripped(BotState state) {
        log.loopGuardTripped(state);
    }

    @Override
    public void down(BotState state) {
        log.down(state);
    }

    @Override
    public void recovered(BotState state) {
        log.recovered(state);
    }
}
