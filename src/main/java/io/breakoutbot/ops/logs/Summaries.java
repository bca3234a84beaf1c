package io.breakoutbot.ops.logs;

import io.breakoutbot.ops.lifecycle.GenerationSummary;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The summaries of the generations a search lists, read once each and remembered by generation, modification
 * time and size, however many searches ask. A summary that does not describe its generation as listed (stale:
 * another size or time) counts as none. None found is not remembered: the housekeeping may write it any moment.
 */
final class Summaries {

    private record Known(long modified, long size, GenerationSummary summary) {}

    private final Map<String, Known> known = new ConcurrentHashMap<>();

    /**
     * @param generation the generation, plain or {@code .gz}
     * @param modified   its modification time as listed, epoch milliseconds
     * @param size       its size as listed (of the {@code .gz} itself for a {@code .gz}), bytes
     * @return its summary, or null when it has none that describes it
     */
    GenerationSummary of(Path generation, long modified, long size) {
        String name = GenerationSummary.baseName(generation.getFileName().toString());
        Known k = known.get(name);
        if (k != null && k.modified() == modified && k.size() == size) {
            return k.summary();
        }
        Optional<GenerationSummary> read = GenerationSummary.read(generation)
                .filter(s -> s.describes(generation.getFileName().toString(), modified, size));
        if (read.isEmpty()) {
            known.remove(name);
            return null;
        }
        known.put(name, new Known(modified, size, read.get()));
        return read.get();
    }

    /** Forgets the generations whose names are no longer listed (with or without {@code .gz}). */
    void retain(Set<String> names) {
        known.keySet().removeIf(n -> !names.contains(n) && !names.contains(n + ".gz"));
    }
}
