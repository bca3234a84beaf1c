package io.breakoutbot.ops.backup;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The outcome of re-reading one archive against its {@code .sha256} and its manifest.
 *
 * @param name           the archive
 * @param ok             every check passed
 * @param checkedAt      ISO-8601 instant (UTC)
 * @param durationMs     milliseconds
 * @param entries        entries checked, the manifest not counted
 * @param bytes          bytes of regular files checked
 * @param firstBadEntry  the first entry that failed, empty when none did or the archive as a whole failed
 * @param message        one sentence for an operator
 */
@JsonbPropertyOrder({"name", "ok", "checkedAt", "durationMs", "entries", "bytes", "firstBadEntry", "message"})
public record VerifyResult(
        String name,
        boolean ok,
        String checkedAt,
        long durationMs,
        long entries,
        long bytes,
        String firstBadEntry,
        String message) {}
