package io.breakoutbot.ops.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's name for the manifest, without a DNS look-up (which can stall for seconds in a container). */
public final class HostName {

    private HostName() {}

    public static String local() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException notLinux) {
            return "unknown";
        }
    }
}
