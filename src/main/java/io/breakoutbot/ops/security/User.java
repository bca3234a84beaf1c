package io.breakoutbot.ops.security;

import java.util.regex.Pattern;

/**
 * One line of the users file.
 *
 * @param name       1 to 64 of {@code A-Za-z0-9._@-}
 * @param role       what the user may do
 * @param credential the stored hash of its password or of its token, never the secret itself
 */
public record User(String name, Role role, String credential) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public User {
        checkName(name);
        if (!Secrets.isPasswordHash(credential) && !Secrets.isTokenHash(credential)) {
            throw new IllegalArgumentException("user " + name + " has no password or token hash");
        }
    }

    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1 to 64 of A-Z a-z 0-9 . _ @ -, not '" + name + "'");
        }
        return name;
    }

    public boolean hasToken() {
        return Secrets.isTokenHash(credential);
    }

    /** How the file holds it: {@code name role credential}. */
    String line() {
        return name + " " + role.label() + " " + credential;
    }

    static User parse(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length != 3) {
            throw new IllegalArgumentException("expected 'name role credential'");
        }
        return new User(fields[0], Role.of(fields[1]), fields[2]);
    }
}
