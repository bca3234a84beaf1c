package io.breakoutbot.ops.lifecycle;

/**
 * A CDI event fired when memory is critical: every component that keeps a cache observes it and empties
 * the cache, reporting what it let go.
 *
 * @param reason why, for the audit log
 */
public record CacheClearRequest(String reason, java.util.List<String> cleared) {

    public CacheClearRequest(String reason) {
        this(reason, new java.util.concurrent.CopyOnWriteArrayList<>());
    }

    /** Observers say what they cleared, e.g. "log statistics (1 entry)". */
    public void cleared(String what) {
        cleared.add(what);
    }
}
