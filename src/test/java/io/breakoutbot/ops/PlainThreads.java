package io.breakoutbot.ops;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * What a unit test hands in where the server hands in the container's {@code ManagedThreadFactory}: plain
 * threads, each remembered, so a test can tell that a component took its threads from the factory it was
 * given and what it called them.
 */
public final class PlainThreads implements ThreadFactory {

    private final ThreadFactory plain = Executors.defaultThreadFactory();
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = plain.newThread(task);
        made.add(thread);
        return thread;
    }

    /** The names of the threads made so far, in the order they were made. */
    public List<String> names() {
        return made.stream().map(Thread::getName).toList();
    }
}
