package io.breakoutbot.ops.jobs;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one component's jobs, whoever asks for them: a timer, an operator over JMX or REST. Two never run at
 * once; one that cannot start within its wait is refused with a {@link JobBusyException} naming the job that
 * runs. Each run is audited and leaves a {@link RunRecord}, the last one per job; a refusal is audited but is
 * no run.
 */
public final class JobRunner {

    /** The job that holds the runner, and since when. */
    public record Running(String job, Instant since) {}

    /**
     * One run asked for, as its audit entry names it.
     *
     * @param job        the job's name, also the audit entry's action: cleanup, backup, restore-dry-run
     * @param actor      {@code scheduler}, or the JMX or REST user who asked
     * @param target     what it acts on: a directory, an archive name
     * @param parameters the arguments, as given
     */
    public record Request(String job, String actor, String target, Map<String, ?> parameters) {

        public Request {
            // keeps the caller's order, which is the order operators read them in
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /**
     * What a run that returned did.
     *
     * @param problem null for a success, else why the result is a failure
     * @param summary one line for the audit entry's {@code result} and the run record; empty for none
     */
    public record Outcome(String problem, String summary) {

        public static Outcome success(String summary) {
            return new Outcome(null, summary);
        }

        public static Outcome failure(String problem) {
            return new Outcome(problem, "");
        }

        String text() {
            return problem == null ? "success" : "failure: " + problem;
        }
    }

    /** A job's work; a checked exception it declares passes through {@link #run} unchanged. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T call() throws E;
    }

    private final Function<Running, String> holder;
    private final Audit audit;
    private final Clock clock;
    private final Consumer<RunRecord> finished;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition free = lock.newCondition();
    /** Written under {@link #lock}, so a refusal always names the job that holds it. */
    private volatile Running running;

    private final Map<String, RunRecord> lastRuns = new ConcurrentSkipListMap<>();

    /**
     * @param holder   names the running job in a refusal as operators know it: "Maintenance job 'setup'"
     * @param clock    gives each run's start and duration
     * @param finished told of every run that ended, success or failure, after its audit entry
     */
    public JobRunner(Function<Running, String> holder, Audit audit, Clock clock, Consumer<RunRecord> finished) {
        this.holder = holder;
        this.audit = audit;
        this.clock = clock;
        this.finished = finished;
    }

    /**
     * Runs {@code work} once no other job runs, waiting at most {@code wait} for that.
     *
     * @param outcome judges a returned result; a thrown exception is always a failure
     * @throws JobBusyException when another job still runs after {@code wait}
     * @throws E                what {@code work} threw, after its failure was recorded
     */
    public <T, E extends Exception> T run(
            Request request, Duration wait, Work<T, E> work, Function<? super T, Outcome> outcome) throws E {
        Running started = start(request, wait);
        try {
            T result;
            try {
                result = work.call();
            } catch (Exception e) {
                finish(
                        request,
                        started,
                        Outcome.failure(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                throw e;
            }
            finish(request, started, outcome.apply(result));
            return result;
        } finally {
            end();
        }
    }

    /** The job running now, if any. */
    public Optional<Running> running() {
        return Optional.ofNullable(running);
    }

    /** The last run of each job, by job name. */
    public List<RunRecord> lastRuns() {
        return List.copyOf(lastRuns.values());
    }

    private Running start(Request request, Duration wait) {
        JobBusyException busy;
        lock.lock();
        try {
            long left = wait.toNanos();
            while (running != null && left > 0) {
                left = free.awaitNanos(left);
            }
            if (running == null) {
                running = new Running(request.job(), clock.instant());
                return running;
            }
            busy = new JobBusyException(holder.apply(running), "'" + request.job() + "' was not started");
        } catch (InterruptedException e) {
            // Nothing ran: a refusal like any other, not a failure of the job.
            Thread.currentThread().interrupt();
            Running holding = running;
            busy = new JobBusyException(
                    holding == null ? "Another job" : holder.apply(holding),
                    "'" + request.job() + "' was not started (its wait was interrupted)");
        } finally {
            lock.unlock();
        }
        audit.record(new AuditEntry(
                request.actor(),
                request.job(),
                request.target(),
                request.parameters(),
                "failure: " + busy.getMessage()));
        throw busy;
    }

    private void end() {
        lock.lock();
        try {
            running = null;
            // Every waiter checks again: one woken alone might have given up, leaving the others asleep.
            free.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void finish(Request request, Running started, Outcome outcome) {
        long millis =
                Math.max(0, Duration.between(started.since(), clock.instant()).toMillis());
        RunRecord run = new RunRecord(
                request.job(), request.actor(), started.since().toString(), millis, outcome.text(), outcome.summary());
        lastRuns.put(request.job(), run);
        Map<String, Object> audited = new LinkedHashMap<>(request.parameters());
        if (!outcome.summary().isEmpty()) {
            audited.put("result", outcome.summary());
        }
        audit.record(new AuditEntry(request.actor(), request.job(), request.target(), audited, outcome.text()));
        finished.accept(run);
    }
}
