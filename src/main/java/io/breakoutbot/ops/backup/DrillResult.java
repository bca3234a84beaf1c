package io.breakoutbot.ops.backup;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * A restore drill: the newest backup restored into a scratch directory, every checksum verified, the scratch
 * deleted.
 *
 * @param name       the archive drilled, empty when there was none
 * @param date       ISO-8601 instant (UTC) the drill started
 * @param ok         restored and every checksum matched
 * @param durationMs milliseconds
 * @param files      regular files restored
 * @param bytes      bytes of those files
 * @param message    one sentence for an operator
 */
@JsonbPropertyOrder({"name", "date", "ok", "durationMs", "files", "bytes", "message"})
public record DrillResult(
        String name, String date, boolean ok, long durationMs, long files, long bytes, String message) {}
