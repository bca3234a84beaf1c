package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.breakoutbot.ops.jobs.NamedThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queue between the threads that log and our files, counting what it drops. The threads that log only
 * enqueue; one thread, {@code log-queue}, formats and writes. When the queue is over 80% full (the default
 * discarding threshold: fewer than a fifth of its places free), TRACE, DEBUG and INFO events are dropped (and
 * counted) so a slow disk does not stall requests; WARN and ERROR always wait for room and are never dropped.
 * With discarding off (threshold 0), every event waits. Stopping writes out what is queued, for at most
 * {@link #setMaxFlushTime} milliseconds, then stops the appender it feeds.
 *
 * <p>Why not logback's {@code AsyncAppender}, which behaves the same: it starts its worker as a thread of its
 * own, and inside the server every thread must come from the container. This one takes its thread from the
 * factory handed in.
 */
public class LogQueue extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Events held by default. */
    public static final int DEFAULT_QUEUE_SIZE = 256;
    /** How long {@link #stop()} waits for the queue to be written out by default, in milliseconds. */
    public static final int DEFAULT_MAX_FLUSH_TIME = 1000;

    private static final int UNDEFINED = -1;

    private final ThreadFactory threads;
    private final AtomicLong discarded = new AtomicLong();
    private Appender<ILoggingEvent> target;
    private Runnable whenDrained = () -> {};
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private int discardingThreshold = UNDEFINED;
    private int maxFlushTime = DEFAULT_MAX_FLUSH_TIME;
    private volatile BlockingQueue<ILoggingEvent> queue;
    private Thread worker;

    /** @param threads where the writing thread comes from */
    public LogQueue(ThreadFactory threads) {
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    /** The one appender the queue feeds; set before {@link #start()}. */
    public void addAppender(Appender<ILoggingEvent> appender) {
        if (target != null) {
            addWarn("The log queue feeds one appender; " + appender.getName() + " is ignored");
            return;
        }
        target = Objects.requireNonNull(appender, "appender");
    }

    /**
     * Runs on the writing thread each time it has written what it took and finds the queue empty, e.g. to
     * flush buffered files. Asked once per batch, not per event: the queue's lock is also the one the
     * logging threads wait on. Set before {@link #start()}.
     */
    public void setWhenDrained(Runnable whenDrained) {
        this.whenDrained = Objects.requireNonNull(whenDrained, "whenDrained");
    }

    public int getQueueSize() {
        return queueSize;
    }

    /** @param queueSize events held, 1 or more */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /**
     * @param discardingThreshold free places below which TRACE, DEBUG and INFO are dropped; 0 drops nothing;
     *                            a fifth of the queue when never set
     */
    public void setDiscardingThreshold(int discardingThreshold) {
        this.discardingThreshold = discardingThreshold;
    }

    /** @param maxFlushTime how long {@link #stop()} waits for the queue to be written out, in milliseconds */
    public void setMaxFlushTime(int maxFlushTime) {
        this.maxFlushTime = maxFlushTime;
    }

    /** @return events waiting to be written; 0 before start */
    public int getNumberOfElementsInQueue() {
        BlockingQueue<ILoggingEvent> q = queue;
        return q == null ? 0 : q.size();
    }

    /** @return events dropped because the queue was nearly full, since start */
    public long discarded() {
        return discarded.get();
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (target == null) {
            addError("The log queue has no appender to feed");
            return;
        }
        if (queueSize < 1) {
            addError("The log queue needs room for at least one event, not " + queueSize);
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        if (discardingThreshold == UNDEFINED) {
            discardingThreshold = queueSize / 5;
        }
        try {
            worker = new NamedThreads(threads, "log-queue").newThread(this::drain);
        } catch (RuntimeException refused) { // a container that is shutting down refuses new threads
            addError("No thread to write the log queue with", refused);
            return;
        }
        if (worker == null) {
            addError("No thread to write the log queue with: the thread factory refused");
            return;
        }
        // Started before the worker, which runs while the queue is started.
        super.start();
        worker.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        worker.interrupt();
        // A join in an interrupted thread would return at once and leave the queue unwritten.
        boolean interrupted = Thread.interrupted();
        try {
            worker.join(maxFlushTime);
            if (worker.isAlive()) {
                addWarn("The log queue was not written out within " + maxFlushTime + " ms; about " + queue.size()
                        + " queued events may be lost");
            }
        } catch (InterruptedException e) {
            interrupted = true;
            addError(
                    "Interrupted while writing out the log queue; about " + queue.size() + " queued events may be lost",
                    e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        // remainingCapacity() takes the queue's lock, as put() does next: not asked when nothing is discarded.
        if (discardingThreshold > 0 && queue.remainingCapacity() < discardingThreshold && isDiscardable(event)) {
            discarded.incrementAndGet();
            return;
        }
        // The writer formats it later, on its own thread: take the MDC and the message now.
        event.prepareForDeferredProcessing();
        putUninterruptibly(event);
    }

    /** Only asked once the queue is past the discarding threshold. */
    protected boolean isDiscardable(ILoggingEvent event) {
        return event.getLevel().toInt() <= Level.INFO_INT;
    }

    private void putUninterruptibly(ILoggingEvent event) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    queue.put(event);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The worker: writes events in batches while started, then what is left, then stops the target. */
    private void drain() {
        List<ILoggingEvent> batch = new ArrayList<>();
        while (isStarted()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException stopping) {
                break;
            }
            queue.drainTo(batch);
            batch.forEach(this::write);
            batch.clear();
            if (queue.isEmpty()) {
                drained();
            }
        }
        for (ILoggingEvent event; (event = queue.poll()) != null; ) {
            write(event);
        }
        target.stop();
    }

    private void drained() {
        try {
            whenDrained.run();
        } catch (RuntimeException e) {
            addError("The log queue could not flush what it wrote", e);
        }
    }

    private void write(ILoggingEvent event) {
        try {
            target.doAppend(event);
        } catch (RuntimeException e) {
            addError("The log queue could not write an event", e);
        }
    }
}
