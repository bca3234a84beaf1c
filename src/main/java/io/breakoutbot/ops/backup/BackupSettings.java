package io.breakoutbot.ops.backup;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the backup component needs, validated once; each problem is one sentence for an operator.
 *
 * @param sources          absolute paths backed up, each stored under its file name ({@code data/}, {@code logs/},
 *                         {@code .env}); a missing one fails the backup unless it is optional
 * @param optional         the sources that may be missing: skipped and reported instead (a subset of
 *                         {@code sources}; {@code reports?} in {@code ops.backup.sources})
 * @param directory        where archives are written (excluded from backups)
 * @param stateFile        where the last results are persisted
 * @param keyFile          the AES-256 key (32 raw bytes or 64 hex characters, owner-only), or null for no encryption
 * @param limits           what an archive may demand of a restore
 * @param retention        which backups to keep
 * @param compressionLevel deflate level for compressible blocks, 1 to 9
 * @param blockSize        bytes of tar stream per gzip member, 64 KiB to 64 MiB
 * @param host             written into the manifest
 */
public record BackupSettings(
        List<Path> sources,
        Set<Path> optional,
        Path directory,
        Path stateFile,
        Path keyFile,
        RestoreLimits limits,
        RetentionRules retention,
        int compressionLevel,
        int blockSize,
        String host) {

    public static final int DEFAULT_LEVEL = 6;
    public static final int DEFAULT_BLOCK = 1 << 20;

    public BackupSettings {
        Objects.requireNonNull(sources, "sources");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("At least one backup source is needed.");
        }
        Set<String> names = new HashSet<>();
        for (Path source : sources) {
            if (source == null || !source.isAbsolute() || source.getFileName() == null) {
                throw new IllegalArgumentException(
                        "Backup source '" + source + "' must be an absolute path to a file or directory.");
            }
            if (!names.add(source.getFileName().toString())) {
                throw new IllegalArgumentException("Two backup sources share the name '" + source.getFileName()
                        + "'; each is stored under its file name, so the names must differ.");
            }
            if (source.getFileName().toString().equals(Manifest.DIRECTORY)) {
                throw new IllegalArgumentException(
                        "A backup source cannot be named " + Manifest.DIRECTORY + ": the manifest lives there.");
            }
        }
        sources = List.copyOf(sources);
        optional = optional == null ? Set.of() : Set.copyOf(optional);
        for (Path path : optional) {
            if (!sources.contains(path)) {
                throw new IllegalArgumentException("The optional backup source '" + path + "' is not a source.");
            }
        }
        if (directory == null || !directory.isAbsolute()) {
            throw new IllegalArgumentException("The backup directory '" + directory + "' must be an absolute path.");
        }
        if (stateFile == null || !stateFile.isAbsolute()) {
            throw new IllegalArgumentException("The backup state file '" + stateFile + "' must be an absolute path.");
        }
        if (keyFile != null && !keyFile.isAbsolute()) {
            throw new IllegalArgumentException("The backup key file '" + keyFile + "' must be an absolute path.");
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(retention, "retention");
        if (compressionLevel < 1 || compressionLevel > 9) {
            throw new IllegalArgumentException(
                    "The backup compression level must be 1 to 9, was " + compressionLevel + ".");
        }
        if (blockSize < (64 << 10) || blockSize > (64 << 20)) {
            throw new IllegalArgumentException(
                    "The backup block size must be 64KB to 64MB, was " + blockSize + " bytes.");
        }
        host = host == null || host.isBlank() ? "unknown" : host;
    }

    /** Every source required: a missing one fails the backup. */
    public BackupSettings(
            List<Path> sources,
            Path directory,
            Path stateFile,
            Path keyFile,
            RestoreLimits limits,
            RetentionRules retention,
            int compressionLevel,
            int blockSize,
            String host) {
        this(sources, Set.of(), directory, stateFile, keyFile, limits, retention, compressionLevel, blockSize, host);
    }

    /** Sources {@code data}, {@code logs} and {@code .env} of {@code opsHome}, archives in {@code backups/}. */
    public static BackupSettings defaults(Path opsHome) {
        Path home = opsHome.toAbsolutePath().normalize();
        return new BackupSettings(
                List.of(home.resolve("data"), home.resolve("logs"), home.resolve(".env")),
                home.resolve("backups"),
                home.resolve("state/backup-state.json"),
                null,
                RestoreLimits.DEFAULTS,
                RetentionRules.DEFAULTS,
                DEFAULT_LEVEL,
                DEFAULT_BLOCK,
                HostName.local());
    }

    public BackupSettings withKeyFile(Path key) {
        return new BackupSettings(
                sources, optional, directory, stateFile, key, limits, retention, compressionLevel, blockSize, host);
    }

    public BackupSettings withRetention(RetentionRules rules) {
        return new BackupSettings(
                sources, optional, directory, stateFile, keyFile, limits, rules, compressionLevel, blockSize, host);
    }

    public BackupSettings withLimits(RestoreLimits restoreLimits) {
        return new BackupSettings(
                sources,
                optional,
                directory,
                stateFile,
                keyFile,
                restoreLimits,
                retention,
                compressionLevel,
                blockSize,
                host);
    }
}
