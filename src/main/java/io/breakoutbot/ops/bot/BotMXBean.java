package io.breakoutbot.ops.bot;

import io.breakoutbot.ops.jmx.Description;
import io.breakoutbot.ops.jmx.Units;

/** The Breakout Bot as the bot check sees it, and its restarts. */
@Description("The Breakout Bot: is it alive and answering, its process figures, and its restarts")
public interface BotMXBean {

    String OBJECT_NAME = "io.breakoutbot.ops:type=Bot";

    @Description("The last check: status UP, DEGRADED, DOWN or UNKNOWN (off), reason, pid, HTTP code and latency, "
            + "process figures, failures in a row, restarts and the restart guard")
    BotState getState();

    @Description("When the bot was last checked, ISO-8601 UTC; empty before the first check")
    String getLastCheck();

    @Description("Restarts run since the service started, automatic and by operators")
    @Units(Units.COUNT)
    long getRestarts();

    @Description("Whether automatic restarts are paused, by the loop guard or by an operator, until resumeRestarts()")
    boolean isRestartsPaused();

    @Description("Checks the bot now and returns the new state")
    BotState checkNow();

    @Description("Runs ops.bot.restartCommand now and waits for its end (at most ops.bot.restartTimeout); "
            + "returns its exit code and output. Does not count towards the loop guard")
    String restartNow();

    @Description("Pauses automatic restarts until resumeRestarts()")
    String pauseRestarts();

    @Description("Resumes automatic restarts, with a fresh loop guard window")
    String resumeRestarts();
}
