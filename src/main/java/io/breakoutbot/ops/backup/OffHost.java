package io.breakoutbot.ops.backup;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Copies of the backups kept off this host. The remote component implements it and hands it to
 * {@link BackupTimers#offHost(OffHost)}; without one, {@link #NONE} refuses every call with a sentence saying how to
 * configure it.
 */
public interface OffHost {

    /** Whether a remote is configured; every other method of an unconfigured one throws. */
    boolean configured();

    /** Where the copies are, e.g. {@code s3://bucket/prefix/host/}. */
    String location();

    /**
     * This host's remote copies, newest first. {@code checksum} says the {@code .sha256} object exists, which is
     * written last, so only then is the copy complete; {@code verified} that its upload was checked end to end.
     */
    BackupListing list() throws IOException;

    /**
     * Downloads the copy {@code name} and its {@code .sha256} into {@code directory}, hashing it as it arrives.
     *
     * @return the archive in {@code directory}, its SHA-256 the one its {@code .sha256} names
     * @throws IOException when it cannot be read or does not match its checksum (nothing is left in that case)
     * @throws IllegalArgumentException when there is no complete remote copy of that name
     */
    Path fetch(String name, Path directory) throws IOException;

    /** The last upload, the newest verified copy and the last failure. */
    OffHostStatus status();

    /** Whether the scheduled drill takes the remote copy, given whether the last drill did. */
    boolean drillRemote(boolean lastWasRemote);

    OffHost NONE = new OffHost() {
        @Override
        public boolean configured() {
            return false;
        }

        @Override
        public String location() {
            return "";
        }

        @Override
        public BackupListing list() {
            throw notConfigured();
        }

        @Override
        public Path fetch(String name, Path directory) {
            throw notConfigured();
        }

        @Override
        public OffHostStatus status() {
            return OffHostStatus.NONE;
        }

        @Override
        public boolean drillRemote(boolean lastWasRemote) {
            return false;
        }

        private IllegalArgumentException notConfigured() {
            return new IllegalArgumentException(
                    "No remote is configured: set ops.remote.url (s3://bucket/prefix) to keep copies off this host.");
        }
    };
}
