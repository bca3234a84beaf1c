package io.breakoutbot.ops.lifecycle;

import java.util.List;

/**
 * What one rotation pass did.
 *
 * @param ranAt      ISO-8601, UTC
 * @param rotated    generations written, as {@code file -> generation}
 * @param compressed generations gzipped
 * @param failures   one sentence per file that could not be rotated or compressed; it was left as it was
 */
public record RotationResult(String ranAt, List<String> rotated, List<String> compressed, List<String> failures) {

    public RotationResult {
        rotated = List.copyOf(rotated);
        compressed = List.copyOf(compressed);
        failures = List.copyOf(failures);
    }
}
