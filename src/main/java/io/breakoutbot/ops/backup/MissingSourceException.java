package io.breakoutbot.ops.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A backup source that must be backed up does not exist: the backup fails rather than leave out {@code .env} or
 * {@code data/} and still report success.
 */
public final class MissingSourceException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param missing the absolute paths that do not exist, at least one */
    public MissingSourceException(List<Path> missing) {
        super(message(missing));
    }

    private static String message(List<Path> missing) {
        String paths = missing.stream().map(Path::toString).collect(Collectors.joining(", "));
        String example = missing.get(0).getFileName() + "?";
        boolean one = missing.size() == 1;
        String it = one ? "it" : "them";
        return (one ? "backup source " + paths + " does not exist" : "backup sources " + paths + " do not exist")
                + "; nothing was written. Create " + it + ", or remove " + it + " from ops.backup.sources or mark "
                + it + " optional there with a trailing ? (" + example + ")";
    }
}
