package io.breakoutbot.ops.security;

import io.breakoutbot.ops.files.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code $OPS_HOME/state/users}: one user a line, {@code name role credential}, {@code #} comments. Written
 * whole, mode 600 from the first byte, under a temp name, synced and renamed, so a reader sees the old file
 * or the new one and never a part. A missing file is no users.
 */
public final class UserFile {

    static final String HEADER = """
            # breakout-ops REST users: name role credential (a PBKDF2 password hash or a SHA-256 token hash).
            # Managed with jmx/opsctl user add|remove|list; the server reloads this file when it changes.
            """;

    private final Path file;

    public UserFile(Path file) {
        this.file = file;
    }

    /** Where the server and {@code jmx/opsctl user} both look: {@code <home>/state/users}. */
    public static Path in(Path home) {
        return home.resolve("state").resolve("users");
    }

    public Path path() {
        return file;
    }

    /** In file order; a bad line fails with its number, so a hand edit gone wrong is found at once. */
    public List<User> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return List.of();
        }
        Map<String, User> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                User user = User.parse(line);
                if (users.putIfAbsent(user.name(), user) != null) {
                    throw new IllegalArgumentException("user " + user.name() + " appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(users.values());
    }

    public void write(List<User> users) throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        users.forEach(u -> text.append(u.line()).append('\n'));
        FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
        // a name of its own per writer: two opsctl processes never write into each other's temp file
        Path temp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp", ownerOnly);
        DurableFiles.replace(file, temp, text.toString().getBytes(StandardCharsets.UTF_8), ownerOnly);
    }

    /** Adds a user; refuses a name that exists, so a typo never replaces someone's credential. */
    public User add(String name, Role role, String credential) throws IOException {
        List<User> users = new ArrayList<>(read());
        User user = new User(name, role, credential);
        if (users.stream().anyMatch(u -> u.name().equals(name))) {
            throw new IllegalArgumentException(
                    "user " + name + " exists; remove it first to change its role or secret");
        }
        users.add(user);
        write(users);
        return user;
    }

    /** @return whether the user was there */
    public boolean remove(String name) throws IOException {
        List<User> users = new ArrayList<>(read());
        boolean removed = users.removeIf(u -> u.name().equals(name));
        if (removed) {
            write(users);
        }
        return removed;
    }
}
