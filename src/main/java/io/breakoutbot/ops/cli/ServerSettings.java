package io.breakoutbot.ops.cli;

import io.breakoutbot.ops.config.OpsPropertiesFile;
import io.breakoutbot.ops.startup.Settings;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The settings a server started with this environment runs with, so that {@code opsctl --offline} keeps what the
 * server would keep. The sources and their order are the server's (see {@code startup/Configuration}): system
 * properties, then environment variables under MicroProfile Config's names, then {@code $OPS_HOME/ops.properties};
 * {@link Settings#load} adds the defaults and checks every value as a start does. MicroProfile Config itself is the
 * server's and not on opsctl's class path, so the order is kept here.
 */
final class ServerSettings {

    private static final Pattern NOT_IN_A_VARIABLE_NAME = Pattern.compile("[^A-Za-z0-9_]");

    private ServerSettings() {}

    /**
     * @param systemProperties the JVM's system properties ({@code jmx/opsctl} passes on the {@code -Dops.*} words
     *                         of {@code OPS_JAVA_OPTS}, which is where the server's come from)
     * @param environment      the environment variables
     * @throws io.breakoutbot.ops.config.InvalidSettingException naming the first bad setting, as a start would
     * @throws java.io.UncheckedIOException when {@code ops.properties} is there but cannot be read
     */
    static Settings load(Map<String, String> systemProperties, Map<String, String> environment) {
        return Settings.load(source(systemProperties, environment));
    }

    /** A key's raw value from the first source that has it; empty when none does, so the default applies. */
    static Function<String, Optional<String>> source(
            Map<String, String> systemProperties, Map<String, String> environment) {
        Map<String, String> file =
                OpsPropertiesFile.read(OpsPropertiesFile.locate(systemProperties::get, environment::get));
        return key -> Optional.ofNullable(systemProperties.get(key))
                .or(() -> variable(environment, key))
                .or(() -> Optional.ofNullable(file.get(key)));
    }

    /**
     * MicroProfile Config's three names for a key in the environment, in its order: the key itself, then with
     * every character but letters, digits and {@code _} as {@code _}, then that in upper case
     * ({@code ops.logs.backups}, {@code ops_logs_backups}, {@code OPS_LOGS_BACKUPS}).
     */
    static Optional<String> variable(Map<String, String> environment, String key) {
        String underscored = NOT_IN_A_VARIABLE_NAME.matcher(key).replaceAll("_");
        for (String name : new String[] {key, underscored, underscored.toUpperCase(Locale.ROOT)}) {
            String value = environment.get(name);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
