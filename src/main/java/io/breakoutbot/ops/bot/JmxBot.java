package io.breakoutbot.ops.bot;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import io.breakoutbot.ops.jmx.MBeans;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code io.breakoutbot.ops:type=Bot} MXBean. Every operation is audited with the JMX user as the actor:
 * restarts, pauses and resumes by {@link Bot}, checks here.
 */
public class JmxBot implements BotMXBean {

    private final Bot bot;
    private final Duration restartWait;
    private final Audit audit;

    /** @param restartWait how long {@link #restartNow()} waits for the command: its timeout and some */
    public JmxBot(Bot bot, Duration restartWait, Audit audit) {
        this.bot = bot;
        this.restartWait = restartWait;
        this.audit = audit;
    }

    @Override
    public BotState getState() {
        return bot.state();
    }

    @Override
    public String getLastCheck() {
        return bot.state().checkedAt();
    }

    @Override
    public long getRestarts() {
        return bot.state().restartsTotal();
    }

    @Override
    public boolean isRestartsPaused() {
        return bot.state().restartsPaused();
    }

    @Override
    public BotState checkNow() {
        BotState state = bot.check();
        audit.record(new AuditEntry(
                MBeans.caller(),
                "check-bot",
                "bot",
                Map.of("status", state.status().name()),
                "success"));
        return state;
    }

    @Override
    public String restartNow() {
        return BotRestarts.restartAndWait(bot, MBeans.caller(), restartWait).describe();
    }

    @Override
    public String pauseRestarts() {
        BotState state = bot.pauseRestarts(MBeans.caller());
        return "Automatic restarts paused until resumeRestarts(). The bot: " + state.status() + ", " + state.reason();
    }

    @Override
    public String resumeRestarts() {
        BotState state = bot.resumeRestarts(MBeans.caller());
        return (state.restartGuard() == RestartGuard.NO_COMMAND
                        ? "No ops.bot.restartCommand is set, so nothing restarts the bot."
                        : "Automatic restarts resumed.")
                + " The bot: " + state.status() + ", " + state.reason();
    }
}
