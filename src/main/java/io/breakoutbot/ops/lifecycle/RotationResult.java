package io.breakoutbot.ops.lifecycle;

import java.util.List;

/**
 * What one rotation pass did.
 *
 * @param ranAt      ISO-8601, UTC
 * @param rotated    generations written, as {@code file -> generation}
 * @param compressed generations gzipped
 * @param failures   one sentence per file that could not be rotated or compressed; it was left as it was
 * @param stillOpen  one sentence per rotated generation left uncompressed because a process still holds it
 *                   open for writing: a writer that did not reopen its log after the rename
 */
public record RotationResult(
        String ranAt, List<String> rotated, List<String> compressed, List<String> failures, List<String> stillOpen) {

    public RotationResult {
        rotated = List.copyOf(rotated);
        compressed = List.copyOf(compressed);
        failures = List.copyOf(failures);
        stillOpen = List.copyOf(stillOpen);
    }
}
