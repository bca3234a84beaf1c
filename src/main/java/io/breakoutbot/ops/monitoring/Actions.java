package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the remedial actions of an {@link ActionPlan} while a metric is at a level: at once when it gets
 * there, then again at most once per interval while it stays, so a disk that stays full is cleaned up
 * every few minutes rather than every five seconds. Actions run on their own executor, never on the
 * sampler's thread; each is audited with its effect.
 */
public final class Actions {

    /** What the actions do; each returns its effect in a sentence, e.g. "freed 120 MB of heap". */
    public interface Effects {

        String gc();

        String clearCaches(String reason);

        String logCleanup(String reason);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Actions.class);
    static final int RECENT = 50;

    private final ActionPlan plan;
    private final Effects effects;
    private final Executor executor;
    private final Duration minInterval;
    private final Clock clock;
    private final Audit audit;
    private final Map<String, Instant> lastRun = new ConcurrentHashMap<>();
    private final Deque<ActionRecord> recent = new ArrayDeque<>();

    public Actions(
            ActionPlan plan, Effects effects, Executor executor, Duration minInterval, Clock clock, Audit audit) {
        this.plan = plan;
        this.effects = effects;
        this.executor = executor;
        this.minInterval = minInterval;
        this.clock = clock;
        this.audit = audit;
    }

    /** Called on every sample with each metric's state. */
    public void on(Metric metric, State state, double value) {
        Instant now = clock.instant();
        for (Action action : plan.on(metric, state)) {
            String key = metric.label() + "." + state.name().toLowerCase(Locale.ROOT) + "." + action.label();
            Instant previous = lastRun.get(key);
            if (previous != null && now.isBefore(previous.plus(minInterval))) {
                continue;
            }
            lastRun.put(key, now);
            String reason = metric.label() + " " + state.name().toLowerCase(Locale.ROOT) + " at "
                    + String.format(Locale.ROOT, "%.1f%%", value);
            try {
                executor.execute(() -> run(action, key, reason, now));
            } catch (RejectedExecutionException e) {
                LOG.warn("Action {} for {} not started: {}", action.label(), reason, e.getMessage());
            }
        }
    }

    private void run(Action action, String key, String reason, Instant at) {
        String trigger = key.substring(0, key.lastIndexOf('.'));
        try {
            String effect = switch (action) {
                case GC -> effects.gc();
                case CLEAR_CACHES -> effects.clearCaches(reason);
                case LOG_CLEANUP -> effects.logCleanup(reason);
            };
            remember(new ActionRecord(at.toString(), action.label(), trigger, reason, effect));
            audit.record(new AuditEntry(
                    "monitor", action.label(), key, Map.of("reason", reason, "effect", effect), "success"));
        } catch (RuntimeException e) {
            remember(new ActionRecord(at.toString(), action.label(), trigger, reason, "failure: " + e.getMessage()));
            audit.record(new AuditEntry(
                    "monitor", action.label(), key, Map.of("reason", reason), "failure: " + e.getMessage()));
        }
    }

    private synchronized void remember(ActionRecord record) {
        recent.addFirst(record);
        while (recent.size() > RECENT) {
            recent.removeLast();
        }
    }

    /** The last {@value #RECENT} actions, most recent first. */
    public synchronized List<ActionRecord> recent() {
        return List.copyOf(recent);
    }
}
