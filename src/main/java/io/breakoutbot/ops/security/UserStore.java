package io.breakoutbot.ops.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users the server checks credentials against, re-read from the {@link UserFile} whenever its
 * modification time, size or inode changes. That is a stat per request that carries credentials (about a
 * microsecond), kept on purpose: a user removed with {@code jmx/opsctl user remove} is refused from the next
 * request on, without a restart. A file that cannot be read keeps the users last loaded and is reported once.
 *
 * <p>PBKDF2 is slow by design, too much for every request of a dashboard that polls,
 * so a password that matched is remembered for {@link #REMEMBER} as a SHA-256 of name and password (never
 * the password); any change of the file forgets them all. An unknown user costs the same PBKDF2 as a known
 * one, so timing does not tell which names exist.
 */
final class UserStore {

    static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);
    private static final String DUMMY = Secrets.hashPassword(Secrets.newPassword());

    private final UserFile file;
    private final Clock clock;
    private final Map<String, Instant> remembered = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(null, List.of());

    /** The users of one version of the file, indexed once for the checks each request makes. */
    private record Snapshot(Object version, List<User> users, Map<String, User> byPassword, List<User> byToken) {

        Snapshot(Object version, List<User> users) {
            this(
                    version,
                    List.copyOf(users),
                    users.stream().filter(u -> !u.hasToken()).collect(Collectors.toUnmodifiableMap(User::name, u -> u)),
                    users.stream().filter(User::hasToken).toList());
        }
    }

    public UserStore(UserFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** The users as the file holds them now. */
    public List<User> users() {
        return current().users();
    }

    private Snapshot current() {
        Object version = version();
        Snapshot current = snapshot;
        if (Objects.equals(version, current.version())) {
            return current;
        }
        synchronized (this) {
            if (!Objects.equals(version, snapshot.version())) {
                try {
                    snapshot = new Snapshot(version, file.read());
                    remembered.clear();
                    LOG.info("Loaded {} REST users from {}", snapshot.users().size(), file.path());
                } catch (IOException | IllegalArgumentException e) {
                    // keep serving the users we had; remember the version so the problem is reported once
                    LOG.error(
                            "Cannot load REST users from {}, keeping the {} loaded before: {}",
                            file.path(),
                            snapshot.users().size(),
                            e.getMessage());
                    snapshot = new Snapshot(version, snapshot.users());
                }
            }
            return snapshot;
        }
    }

    private Object version() {
        try {
            BasicFileAttributes a = Files.readAttributes(file.path(), BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (NoSuchFileException absent) {
            return "absent";
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** The user whose password this is, if any. */
    public Optional<User> checkPassword(String name, String password) {
        Optional<User> user = Optional.ofNullable(current().byPassword().get(name));
        String key = rememberKey(name, password);
        Instant until = remembered.get(key);
        if (user.isPresent() && until != null && clock.instant().isBefore(until)) {
            return user;
        }
        boolean matches =
                Secrets.matchesPassword(password, user.map(User::credential).orElse(DUMMY));
        if (user.isPresent() && matches) {
            remembered.put(key, clock.instant().plus(REMEMBER));
            return user;
        }
        remembered.remove(key);
        return Optional.empty();
    }

    /** The user this bearer token belongs to, if any; every token user is compared, in constant time each. */
    public Optional<User> checkToken(String token) {
        byte[] presented = Secrets.hashToken(token).getBytes(StandardCharsets.US_ASCII);
        User found = null;
        for (User user : current().byToken()) { // no early exit: the time does not tell which one matched
            if (MessageDigest.isEqual(presented, user.credential().getBytes(StandardCharsets.US_ASCII))) {
                found = user;
            }
        }
        return Optional.ofNullable(found);
    }

    private static String rememberKey(String name, String password) {
        return Base64.getEncoder()
                .encodeToString(Secrets.sha256((name + '\0' + password).getBytes(StandardCharsets.UTF_8)));
    }
}
