package io.breakoutbot.ops.jobs;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * A handed-in {@link ThreadFactory} whose threads carry the name of what they do ({@code backup-gzip},
 * {@code ops-webhooks}), so a thread dump says which of our components a thread belongs to.
 *
 * <p>Every thread we start comes from a factory handed in from outside: in the server the container's
 * {@code ManagedThreadFactory}, injected in the boundary beans, so the container knows the thread and runs it
 * in the application's context; in {@code jmx/opsctl --offline} and in unit tests a plain one. The
 * container's names its threads after itself, hence this wrapper.
 */
public final class NamedThreads implements ThreadFactory {

    private final ThreadFactory threads;
    private final String name;

    /**
     * @param threads where the threads come from
     * @param name    what every thread made here is called
     */
    public NamedThreads(ThreadFactory threads, String name) {
        this.threads = Objects.requireNonNull(threads, "threads");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** @return the factory's thread, named, and a daemon so it never holds a JVM open; null when the factory refused */
    @Override
    public Thread newThread(Runnable task) {
        Thread thread = threads.newThread(task);
        if (thread != null) {
            thread.setName(name);
            // The container's threads are daemons already; a plain factory's may not be.
            thread.setDaemon(true);
        }
        return thread;
    }
}
