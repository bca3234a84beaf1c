package io.breakoutbot.ops.bot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the restart command without a shell. Its output is appended to a log file, not a pipe: a bot the command
 * starts in the background inherits the descriptor, and a pipe would stay open as long as the bot lives; a file
 * also needs no thread to drain it. The file is never deleted here: a bot that keeps writing to the inherited
 * descriptor (Python logs to stderr by default) must write into a file that stays visible, in the log
 * directory, where the log lifecycle rotates and prunes it. Each run starts with a header line, and the tail
 * kept for the state is read from the bytes this run appended. After the timeout the command is killed
 * (SIGKILL).
 */
final class RestartRunner {

    /** Bytes of output kept: enough for the last lines of an error, small enough for the audit log. */
    static final int TAIL_BYTES = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(RestartRunner.class);

    private final RestartCommand command;
    private final Duration timeout;
    private final Path outputFile;
    private final Clock clock;

    /** @param outputFile the log the output is appended to, run after run; created when missing */
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
        // Read through this handle, so the tail follows the file even when a rotation renames it meanwhile.
        FileChannel log = null;
        long from = 0;
        try {
            Files.createDirectories(outputFile.getParent());
            log = FileChannel.open(
                    outputFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            byte[] header = (started + " restart by " + actor + ": " + command + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(header);
            long at = log.size();
            while (buffer.hasRemaining()) {
                at += log.write(buffer, at);
            }
            from = at;
            Process process = new ProcessBuilder(command.argv())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()))
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
                    tail(log, from),
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
                    tail(log, from),
                    "interrupted while waiting for the command");
        } finally {
            if (log != null) {
                try {
                    log.close();
                } catch (IOException e) {
                    // Harmless: nothing is buffered, the header went out with a positional write.
                    LOG.warn("Cannot close the restart command's log {}: {}", outputFile, e.toString());
                }
            }
        }
    }

    /** The last {@value #TAIL_BYTES} bytes written after {@code from}, this run's output. */
    private static String tail(FileChannel log, long from) {
        try {
            long length = log.size();
            long start = Math.max(from, length - TAIL_BYTES);
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.max(0, length - start));
            while (bytes.hasRemaining() && log.read(bytes, start + bytes.position()) > 0) {
                // until the end read above
            }
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
            // A cut in the middle of a UTF-8 character shows as U+FFFD at the start; drop it.
            return start > from && text.startsWith("\uFFFD") ? text.substring(1) : text;
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
