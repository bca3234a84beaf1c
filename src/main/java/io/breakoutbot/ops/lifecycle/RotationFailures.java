package io.breakoutbot.ops.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * The logs that could not be rotated, from the first failure until a rotation of that log works again:
 * our own files (reported by {@link RotationPolicy} from logback's writer thread) and other processes'
 * files (reported by {@link LogLifecycle}). A log that does not rotate grows without a limit until the disk
 * is full, so health, alerts and every rotation's result read this. One per server; thread-safe.
 */
@ApplicationScoped
public class RotationFailures {

    /**
     * @param log      the file name, e.g. {@code general.log}
     * @param since    the first failure since the log last rotated
     * @param attempts failed attempts since then, 1 or more
     * @param reason   why the latest attempt failed
     */
    public record Failure(String log, Instant since, int attempts, String reason) {

        /** For an operator: which log, since when, how often, why. */
        public String sentence() {
            return log + " has not rotated since " + since + " (" + attempts
                    + (attempts == 1 ? " attempt" : " attempts") + " failed): " + reason;
        }
    }

    private final Map<String, Failure> failing = new ConcurrentSkipListMap<>();

    /** Another attempt to rotate {@code log} failed at {@code at}. */
    public void failed(String log, Instant at, String reason) {
        failing.merge(
                log,
                new Failure(log, at, 1, reason),
                (was, now) -> new Failure(log, was.since(), was.attempts() + 1, reason));
    }

    /** {@code log} rotated, or had nothing to rotate: it no longer fails. */
    public void rotated(String log) {
        failing.remove(log);
    }

    /** Forgets the logs that {@code keep} rejects, e.g. files deleted since they failed. */
    public void retain(Predicate<String> keep) {
        failing.keySet().removeIf(keep.negate());
    }

    /** @return every log that does not rotate, by name */
    public List<Failure> current() {
        return List.copyOf(failing.values());
    }

    /** @return {@link Failure#sentence()} of every log that does not rotate, by name */
    public List<String> sentences() {
        return failing.values().stream().map(Failure::sentence).toList();
    }
}
