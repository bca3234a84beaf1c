package io.breakoutbot.ops.remote;

import io.breakoutbot.ops.files.DurableFiles;
import jakarta.json.JsonException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the remote component knows across restarts, stored as one JSON object through a temp file, fsync and
 * rename: the health of the copies must not reset to "never uploaded" because the service restarted.
 *
 * @param lastUpload       the object uploaded last, empty before the first
 * @param lastUploadAt     ISO-8601 instant of that upload, empty before the first
 * @param lastFailure      why the last pass failed, empty when it succeeded
 * @param failures         passes failed in a row, for the back-off
 * @param verifiedBackups  names of backups whose remote copies this service uploaded and checked end to end, newest
 *                         first
 */
@JsonbPropertyOrder({"lastUpload", "lastUploadAt", "lastFailure", "failures", "verifiedBackups"})
public record RemoteState(
        String lastUpload, String lastUploadAt, String lastFailure, int failures, List<String> verifiedBackups) {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteState.class);
    private static final Jsonb JSONB =
            JsonbBuilder.create(new JsonbConfig().withNullValues(true).withCreatorParametersRequired(true));
    static final RemoteState EMPTY = new RemoteState("", "", "", 0, List.of());

    public RemoteState {
        verifiedBackups = List.copyOf(verifiedBackups);
    }

    /** A missing file is an empty state; an unreadable one is moved aside (never overwritten) and reported. */
    static RemoteState load(Path file, Instant now) {
        try (InputStream in = Files.newInputStream(file)) {
            return JSONB.fromJson(in, RemoteState.class);
        } catch (NoSuchFileException missing) {
            return EMPTY;
        } catch (IOException | JsonbException | JsonException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + now.getEpochSecond());
            LOG.error("Remote state {} cannot be read ({}); moved to {}", file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException move) {
                LOG.error("Could not move {} aside", file, move);
            }
            return EMPTY;
        }
    }

    void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        DurableFiles.replace(
                file,
                file.resolveSibling(file.getFileName() + ".tmp"),
                JSONB.toJson(this).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
