package io.breakoutbot.ops.health;

import io.breakoutbot.ops.alerts.Condition;
import io.breakoutbot.ops.alerts.Severity;
import io.breakoutbot.ops.jobs.RunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns health checks and job runs into alert conditions, so an operator hears of a component that stays
 * DOWN or DEGRADED without watching {@code /api/health}, and of a scheduled job that failed.
 *
 * <ul>
 *   <li>A component alerts as {@code health.<name>} once it has been DOWN (critical) or DEGRADED (warning) for
 *       {@code checks} checks in a row; one check that is not UP is often a moment's blip. Back to UP, it
 *       resolves. The {@code resources} component is left out: each of its metrics alerts on its own.</li>
 *   <li>A job alerts as {@code job.<name>} when its last scheduled run failed: critical for backups and
 *       drills, which guard the data, warning for the log jobs. Its next successful run resolves it; a failed
 *       run that an operator started is told to that operator and changes nothing here.</li>
 * </ul>
 *
 * Not thread-safe: one timer calls it.
 */
public final class HealthAlerts {

    /** Components that alert through their own metrics. */
    private static final Set<String> OWN_ALERTS = Set.of("resources");

    private static final Set<String> CRITICAL_JOBS = Set.of("backup", "drill");

    private final int checks;
    private final Map<String, Integer> failing = new HashMap<>();

    /** @param checks how many checks in a row a component must fail before it alerts, 1 or more */
    public HealthAlerts(int checks) {
        if (checks < 1) {
            throw new IllegalArgumentException("A component must fail at least one check to alert, not " + checks);
        }
        this.checks = checks;
    }

    /** One condition per component, for a health check made at {@code at}. */
    public List<Condition> components(List<ComponentHealth> components, Instant at) {
        List<Condition> out = new ArrayList<>();
        for (ComponentHealth c : components) {
            if (OWN_ALERTS.contains(c.name())) {
                continue;
            }
            String metric = "health." + c.name();
            if (c.status() == Status.UP) {
                failing.remove(c.name());
                out.add(new Condition(metric, Severity.OK, 0, checks, at));
                continue;
            }
            int inARow = failing.merge(c.name(), 1, Integer::sum);
            Severity level = c.status() == Status.DOWN ? Severity.CRITICAL : Severity.WARNING;
            if (inARow < checks) {
                // Not yet news; an alert already firing stays as it is.
                out.add(new Condition(metric, Severity.UNAVAILABLE, inARow, checks, at));
                continue;
            }
            String summary = c.name() + " " + c.status() + " for " + inARow + " checks: " + c.reason();
            out.add(new Condition(metric, level, inARow, checks, at, summary));
        }
        return out;
    }

    /** One condition per job that ran, from each job's last run. */
    public List<Condition> jobs(List<RunRecord> lastRuns, Instant at) {
        List<Condition> out = new ArrayList<>();
        for (RunRecord run : lastRuns) {
            String metric = "job." + run.job();
            if (!run.outcome().startsWith("failure")) {
                out.add(new Condition(metric, Severity.OK, 0, 1, at));
            } else if ("scheduler".equals(run.actor())) {
                Severity level = CRITICAL_JOBS.contains(run.job()) ? Severity.CRITICAL : Severity.WARNING;
                String summary = "scheduled " + run.job() + " at " + run.startedAt() + " failed: "
                        + run.outcome().substring("failure".length()).replaceFirst("^:\\s*", "");
                out.add(new Condition(metric, level, 1, 1, at, summary));
            }
        }
        return out;
    }
}
