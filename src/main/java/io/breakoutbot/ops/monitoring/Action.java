package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.lifecycle.CacheClearRequest;
import java.util.Locale;

/** What the monitor may do about a breach, configured per metric and level in {@code ops.monitor.actions}. */
public enum Action {

    /** Asks the JVM for a full collection; audited with the heap freed. */
    GC("gc"),
    /** Fires {@link CacheClearRequest}; every cache of ours empties itself and says what it let go. */
    CLEAR_CACHES("clear-caches"),
    /** An emergency retention sweep of logs/ down to {@code ops.monitor.diskCleanupTarget}. */
    LOG_CLEANUP("log-cleanup");

    private final String label;

    Action(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static Action of(String label) {
        for (Action action : values()) {
            if (action.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                return action;
            }
        }
        throw new IllegalArgumentException(
                "unknown action '" + label.trim() + "'; actions are gc, clear-caches and log-cleanup");
    }
}
