package io.breakoutbot.ops.security;

import java.util.Set;

/**
 * Which role a request needs, from its method and its path inside the application (servlet path plus path
 * info, as the container decoded and normalized it). {@code /api/health} (status only), Payara's
 * {@code /health} probes and {@code /metrics} are open unless their setting closes them; every other
 * {@code /api/*} GET, HEAD or OPTIONS needs a reader, and any other method, being a change, an admin.
 * Whatever is not under those paths (static pages, {@code /openapi}) is open.
 */
public record AccessPolicy(boolean openHealth, boolean openProbes, boolean openMetrics) {

    public enum Need {
        NONE,
        READER,
        ADMIN
    }

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    public Need need(String method, String path) {
        boolean read = READS.contains(method);
        if (under(path, "/api")) {
            if (!read) {
                return Need.ADMIN;
            }
            return openHealth && path.equals("/api/health") ? Need.NONE : Need.READER;
        }
        if (under(path, "/health")) {
            return openProbes ? Need.NONE : Need.READER;
        }
        if (under(path, "/metrics")) {
            return openMetrics ? Need.NONE : Need.READER;
        }
        return Need.NONE;
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
