package io.breakoutbot.ops.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * {@code $OPS_HOME/ops.properties}: where it is and what it holds. Plain Java, without MicroProfile Config, so that
 * {@code opsctl --offline}, which runs outside the server, reads the file exactly as {@link OpsPropertiesSource}
 * reads it for the server.
 */
public final class OpsPropertiesFile {

    public static final String NAME = "ops.properties";

    private OpsPropertiesFile() {}

    /**
     * The file of the home a server would find. {@code ops.home} can only come from a system property or
     * {@code OPS_HOME}: the file lives inside it.
     *
     * @param systemProperty a system property's value, or null
     * @param environment    an environment variable's value, or null
     */
    public static Path locate(UnaryOperator<String> systemProperty, UnaryOperator<String> environment) {
        String home = systemProperty.apply(Setting.HOME.key());
        if (home == null || home.isBlank()) {
            home = environment.apply("OPS_HOME");
        }
        return Path.of(home == null || home.isBlank() ? Setting.HOME.defaultValue() : home.trim())
                .resolve(NAME);
    }

    /**
     * @return every key and its value, read now; empty when there is no file
     * @throws UncheckedIOException when the file is there but cannot be read
     */
    public static Map<String, String> read(Path file) {
        Properties loaded = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(in);
        } catch (NoSuchFileException absent) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read settings file " + file.toAbsolutePath(), e);
        }
        Map<String, String> values = new TreeMap<>();
        loaded.stringPropertyNames().forEach(k -> values.put(k, loaded.getProperty(k)));
        return Map.copyOf(values);
    }
}
