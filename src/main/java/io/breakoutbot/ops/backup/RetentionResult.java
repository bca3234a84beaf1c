package io.breakoutbot.ops.backup;

import java.util.List;

/**
 * What a retention run removed and kept.
 *
 * @param removed what went, with why
 * @param kept    names kept, newest first
 * @param skipped names that should have gone but were left, each with why
 */
public record RetentionResult(List<Removal> removed, List<String> kept, List<String> skipped) {

    public RetentionResult {
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
        skipped = List.copyOf(skipped);
    }

    /**
     * @param name   the archive (its {@code .sha256} went with it)
     * @param bytes  archive and checksum, bytes
     * @param reason one sentence
     */
    public record Removal(String name, long bytes, String reason) {}
}
