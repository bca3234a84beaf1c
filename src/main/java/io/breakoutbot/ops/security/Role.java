package io.breakoutbot.ops.security;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The two REST roles, named like the JMX users: a reader may call every GET, an admin also everything that
 * changes state. An admin is always a reader too.
 */
public enum Role {
    READER("ops-reader"),
    ADMIN("ops-admin");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The groups a user of this role is in: the container maps each group to the role of the same name. */
    public Set<String> groups() {
        return this == ADMIN ? Set.of(ADMIN.label, READER.label) : Set.of(READER.label);
    }

    public static Role of(String label) {
        return Arrays.stream(values())
                .filter(r -> r.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("role must be " + allowed() + ", not '" + label + "'"));
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Role::label).collect(Collectors.joining(" or "));
    }
}
