package io.breakoutbot.ops.alerts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code Authorization} header sent to Alertmanager (or the proxy in front of it), read from
 * {@code ops.alerts.alertmanagerAuthFile}: one line, {@code basic USER:PASSWORD} or {@code bearer TOKEN}. Like an
 * SSH key, the file must be readable by its owner only ({@code chmod 600}). The secret is never logged.
 */
public final class AlertmanagerAuth {

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final String scheme;
    private final String header;

    private AlertmanagerAuth(String scheme, String header) {
        this.scheme = scheme;
        this.header = header;
    }

    /**
     * Parses one line: {@code basic USER:PASSWORD} or {@code bearer TOKEN}.
     *
     * @throws IllegalArgumentException saying what is wrong, never the secret
     */
    public static AlertmanagerAuth parse(String line) {
        String text = line == null ? "" : line.strip();
        int space = text.indexOf(' ');
        String scheme = space < 0 ? text : text.substring(0, space);
        String secret = space < 0 ? "" : text.substring(space + 1).strip();
        if (secret.isEmpty() || secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(
                    "it must hold one line, 'basic USER:PASSWORD' or 'bearer TOKEN', without control characters");
        }
        return switch (scheme.toLowerCase(java.util.Locale.ROOT)) {
            case "basic" -> {
                if (secret.indexOf(':') < 1) {
                    throw new IllegalArgumentException("'basic' needs USER:PASSWORD, a user name then a colon");
                }
                yield new AlertmanagerAuth(
                        "basic",
                        "Basic " + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
            }
            case "bearer" -> {
                if (secret.contains(" ")) {
                    throw new IllegalArgumentException("a bearer token has no spaces");
                }
                yield new AlertmanagerAuth("bearer", "Bearer " + secret);
            }
            default ->
                throw new IllegalArgumentException(
                        // Not even the first word is shown: a file with the scheme left out starts with the secret.
                        "it must start with 'basic' or 'bearer'");
        };
    }

    /**
     * Reads and checks the file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong (never its content)
     */
    public static AlertmanagerAuth read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + " does not exist or is not a regular file");
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IllegalArgumentException(file + " is readable or writable by others than its owner ("
                        + java.nio.file.attribute.PosixFilePermissions.toString(permissions) + "); chmod 600 it");
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
            if (lines.size() != 1) {
                throw new IllegalArgumentException(
                        file + " must hold one line, 'basic USER:PASSWORD' or 'bearer TOKEN'");
            }
            try {
                return parse(lines.get(0));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException(file + " is on a file system without POSIX permissions", e);
        }
    }

    /** The value of the {@code Authorization} header. */
    String header() {
        return header;
    }

    /** {@code basic} or {@code bearer}. */
    public String scheme() {
        return scheme;
    }

    @Override
    public String toString() {
        return scheme + " ***";
    }
}
