package io.breakoutbot.ops.bot;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An operator's restart, over JMX or REST: start it, wait for its end, say how it went. */
final class BotRestarts {

    private BotRestarts() {}

    /**
     * @return the restart's result
     * @throws IllegalStateException when no restart command is set, or it outlasts the wait
     * @throws io.breakoutbot.ops.jobs.JobBusyException when a restart runs already
     */
    static Outcome restartAndWait(Bot bot, String actor, Duration wait) {
        Future<RestartResult> running = bot.restartNow(actor);
        try {
            return new Outcome(running.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new IllegalStateException("The restart command still runs after " + wait.toSeconds()
                    + " s; its result will show in the bot's state.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the restart command.");
        } catch (ExecutionException e) {
            throw new IllegalStateException("The restart failed: " + e.getCause(), e.getCause());
        }
    }

    record Outcome(RestartResult result) {

        String describe() {
            String tail = result.outputTail().strip();
            return (result.succeeded() ? "Bot restarted: " : "Bot restart failed: ")
                    + result.describe()
                    + (tail.isEmpty() ? "" : "; output: " + tail);
        }
    }
}
