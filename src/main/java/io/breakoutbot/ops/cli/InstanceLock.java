package io.breakoutbot.ops.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The lock that tells whether a server runs with a home: {@code deploy/run.sh} takes an exclusive flock(2) on
 * {@code $OPS_HOME/run/instance.lock}, and the server's JVM inherits it and holds it until it ends. It is tested
 * with flock(1), the way run.sh takes it: Java's {@code FileChannel} locks are fcntl(2) locks, which on Linux do
 * not see flock(2) locks.
 */
final class InstanceLock {

    /** The lock file, relative to the home. */
    static final String PATH = "run/instance.lock";

    /** flock(1)'s exit code when the lock is held ({@code --conflict-exit-code}); its own errors are others. */
    private static final int CONFLICT = 75;

    private static final long WAIT_SECONDS = 10;

    private InstanceLock() {}

    static Path in(Path home) {
        return home.resolve(PATH);
    }

    /**
     * Whether a process holds the lock now. A shared lock is asked for, without waiting, and let go at once: it
     * conflicts only with the server's exclusive one, not with another opsctl asking the same.
     *
     * @param lock       the lock file; when it is missing no server has run with that home, and none is made
     * @param searchPath where flock(1) is looked for, as {@code PATH} lists it
     * @throws IOException when it cannot tell: flock(1) is not on the path, or failed; the message says which
     */
    static boolean held(Path lock, String searchPath) throws IOException {
        if (!Files.exists(lock)) {
            return false; // flock(1) would create it
        }
        String why = "cannot tell whether a server holds " + lock + ": ";
        Path flock = find("flock", searchPath)
                .orElseThrow(() -> new IOException(
                        why + "flock is not on PATH (install util-linux), or give --force to run anyway"));
        ProcessBuilder builder = new ProcessBuilder(
                        flock.toString(),
                        "--shared",
                        "--nonblock",
                        "--conflict-exit-code",
                        Integer.toString(CONFLICT),
                        lock.toString(),
                        "true")
                .redirectErrorStream(true);
        builder.environment().put("PATH", searchPath);
        Process process = builder.start();
        process.getOutputStream().close();
        try { // a hung file system would hang flock too; its few words fit in the pipe meanwhile
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(why + "flock did not answer within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(why + "interrupted", e);
        }
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return switch (process.exitValue()) {
            case 0 -> false;
            case CONFLICT -> true;
            default ->
                throw new IOException(why + flock + " exited " + process.exitValue()
                        + (said.isEmpty() ? "" : " (" + said.lines().findFirst().orElse("") + ")"));
        };
    }

    /** The first executable {@code name} in the directories of a {@code PATH}. */
    static Optional<Path> find(String name, String searchPath) {
        List<String> directories = searchPath == null ? List.of() : List.of(searchPath.split(File.pathSeparator));
        return directories.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isRegularFile)
                .filter(Files::isExecutable)
                .findFirst();
    }
}
