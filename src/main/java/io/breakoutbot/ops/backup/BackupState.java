package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.files.DurableFiles;
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
 * The last results, kept across restarts so that health can tell how old the newest verified backup and drill
 * are. Stored as one JSON object ({@link BackupJson}) through a temp file, fsync and rename.
 *
 * @param lastBackup the last backup written, or null
 * @param lastVerify the last verification, or null
 * @param lastDrill  the last drill, or null
 * @param verified   names of backups whose last verification passed, newest first
 */
@JsonbPropertyOrder({"lastBackup", "lastVerify", "lastDrill", "verified"})
public record BackupState(
        BackupRecord lastBackup, VerifyResult lastVerify, DrillResult lastDrill, List<String> verified) {

    private static final Logger LOG = LoggerFactory.getLogger(BackupState.class);
    static final BackupState EMPTY = new BackupState(null, null, null, List.of());

    public BackupState {
        verified = List.copyOf(verified);
    }

    /** A missing file is an empty state; an unreadable one is moved aside (never overwritten) and reported. */
    static BackupState load(Path file, Instant now) {
        try (InputStream in = Files.newInputStream(file)) {
            return BackupJson.read(in, BackupState.class);
        } catch (NoSuchFileException missing) {
            return EMPTY;
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + now.getEpochSecond());
            LOG.error(
                    "Backup state {} cannot be read ({}); moved to {}, starting with no results",
                    file,
                    e.getMessage(),
                    aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException move) {
                LOG.error("Could not move {} aside", file, move);
            }
            return EMPTY;
        }
    }

    void save(Path file) throws IOException {
        DurableFiles.replace(file, file.resolveSibling(file.getFileName() + ".tmp"), BackupJson.write(this));
    }
}
