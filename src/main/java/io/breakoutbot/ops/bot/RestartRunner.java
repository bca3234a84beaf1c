package io.breakoutbot.ops.bot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the restart command without a shell. Its output goes to a file, not a pipe: a bot the command starts in
 * the background inherits the descriptor, and a pipe would stay open as long as the bot lives; a file also
 * needs no thread to drain it. After the timeout the command is killed (SIGKILL).
 */
final class RestartRunner {

    /** Bytes of output kept: enough for the last lines of an error, small enough for the audit log. */
    static final int TAIL_BYTES = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(RestartRunner.class);

    private final RestartCommand command;
    private final Duration timeout;
    private final Path outputFile;
    private final Clock clock;

    /** @param outputFile where the output is collected while the command runs; deleted after */
    RestartRunner(RestartCommand command, Duration timeout, Path outputFile, Clock clock) {
        this.command = command;
        this.timeout = timeout;
        this.outputFile = outputFile;
        this.clock = clock;
    }

    RestartCommand command() {
        return command;
    }

    /** Runs the command to its end or its timeout; never throws for a failing command. */
    RestartResult run(String actor) {
        Instant started = clock.instant();
        long begin = System.nanoTime();
        try {
            Files.createDirectories(outputFile.getParent());
            Process process = new ProcessBuilder(command.argv())
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            long took = (System.nanoTime() - begin) / 1_000_000;
            return new RestartResult(
                    actor,
                    command.toString(),
                    started.toString(),
                    took,
                    ended ? process.exitValue() : -1,
                    !ended,
                    tail(),
                    "");
        } catch (IOException e) {
            return new RestartResult(
                    actor,
                    command.toString(),
                    started.toString(),
                    (System.nanoTime() - begin) / 1_000_000,
                    -1,
                    false,
                    "",
                    e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RestartResult(
                    actor,
                    command.toString(),
                    started.toString(),
                    (System.nanoTime() - begin) / 1_000_000,
                    -1,
                    false,
                    tail(),
                    "interrupted while waiting for the command");
        } finally {
            try {
                Files.deleteIfExists(outputFile);
            } catch (IOException e) {
                // harmless: the next run truncates it
                LOG.warn("Cannot delete the restart command's output file {}: {}", outputFile, e.toString());
            }
        }
    }

    private String tail() {
        try (RandomAccessFile file = new RandomAccessFile(outputFile.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            // A cut in the middle of a UTF-8 character shows as U+FFFD at the start; drop it.
            return from > 0 && text.startsWith("\uFFFD") ? text.substring(1) : text;
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
