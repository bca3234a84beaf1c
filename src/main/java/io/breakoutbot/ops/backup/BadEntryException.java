package io.breakoutbot.ops.backup;

import java.io.IOException;

/** An archive failed a check at a named entry (or as a whole, when {@link #entry()} is empty). */
final class BadEntryException extends IOException {

    private final String entry;

    public BadEntryException(String entry, String message) {
        super(message);
        this.entry = entry == null ? "" : entry;
    }

    public BadEntryException(String entry, String message, Throwable cause) {
        super(message, cause);
        this.entry = entry == null ? "" : entry;
    }

    /** The entry path as stored, or empty. */
    public String entry() {
        return entry;
    }
}
