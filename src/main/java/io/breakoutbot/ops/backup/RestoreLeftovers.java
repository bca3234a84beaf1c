package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.files.DurableFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles what a restore left in its target when its process died, so the target is whole again: either the
 * tree from before the restore, or the restored one, never a mix.
 *
 * <ul>
 *   <li>{@code .bot_restore_<id>_old.tmp/} exists only once the staged tree passed every check against the
 *       manifest ({@link Restorer}'s swap creates it first), so the swap is finished: each staged entry still
 *       waiting takes the place of the live one, which goes aside, and then both scratch directories go.</li>
 *   <li>{@code .bot_restore_<id>.tmp/} alone died before its swap: the live tree was never touched, the
 *       staging is deleted.</li>
 * </ul>
 * Links are never followed. An entry that is live and aside at once, with its staged copy still waiting, was
 * made by someone after the crash; then nothing of that restore is touched, and the error says where to look.
 */
final class RestoreLeftovers {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreLeftovers.class);
    private static final Pattern NAME = Pattern.compile("\\.bot_restore_(.+?)(_old)?\\.tmp");

    private RestoreLeftovers() {}

    /**
     * @param target a directory restores write into, such as the parent of the backup sources
     * @return the names of the scratch directories settled, empty when there were none
     */
    static List<String> settle(Path target) throws IOException {
        List<String> settled = new ArrayList<>();
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return settled;
        }
        Map<String, Path> staged = new TreeMap<>();
        Map<String, Path> aside = new TreeMap<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(target, ".bot_restore_*.tmp")) {
            for (Path p : list) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    (m.group(2) == null ? staged : aside).put(m.group(1), p);
                }
            }
        }
        for (Map.Entry<String, Path> old : aside.entrySet()) {
            Path staging = staged.remove(old.getKey());
            List<String> blocked = staging == null ? List.of() : finishSwap(target, staging, old.getValue());
            if (!blocked.isEmpty()) {
                LOG.error(
                        "A restore into {} was interrupted during its swap, and {} now exist both live and in {};"
                                + " nothing of it was changed: compare them with {} and move by hand",
                        target,
                        blocked,
                        old.getValue(),
                        staging);
                continue;
            }
            if (staging != null) {
                Trees.delete(staging);
                settled.add(staging.getFileName().toString());
            }
            Trees.delete(old.getValue());
            settled.add(old.getValue().getFileName().toString());
            LOG.warn(
                    "Finished a restore into {} that was interrupted during its swap: its entries, checked against"
                            + " the manifest before the swap began, are in place",
                    target);
        }
        for (Path staging : staged.values()) {
            Trees.delete(staging);
            settled.add(staging.getFileName().toString());
            LOG.warn(
                    "Deleted {}, the staging of a restore interrupted before its swap; {} was not changed",
                    staging,
                    target);
        }
        if (!settled.isEmpty()) {
            DurableFiles.syncDirectory(target);
        }
        return settled;
    }

    /** @return the entries in the way (nothing moved then), or empty once every staged entry is in place */
    private static List<String> finishSwap(Path target, Path staging, Path aside) throws IOException {
        List<String> waiting = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(staging)) {
            list.forEach(p -> waiting.add(p.getFileName().toString()));
        }
        List<String> blocked = waiting.stream()
                .filter(top -> Files.exists(target.resolve(top), LinkOption.NOFOLLOW_LINKS)
                        && Files.exists(aside.resolve(top), LinkOption.NOFOLLOW_LINKS))
                .sorted()
                .toList();
        if (!blocked.isEmpty()) {
            return blocked;
        }
        for (String top : waiting) {
            Path live = target.resolve(top);
            if (Files.exists(live, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(live, aside.resolve(top), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging.resolve(top), live, StandardCopyOption.ATOMIC_MOVE);
        }
        return List.of();
    }
}
