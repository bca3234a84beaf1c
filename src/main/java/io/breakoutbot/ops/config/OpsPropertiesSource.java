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
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@code $OPS_HOME/ops.properties} as a MicroProfile Config source. Its ordinal, 250, puts it below
 * system properties (400) and environment variables (300), so a one-off override on the command line
 * wins over the file. The file is read once, when the application starts; a missing file is no error.
 */
public class OpsPropertiesSource implements ConfigSource {

    static final String FILE_NAME = "ops.properties";

    private final Path file;
    private final Map<String, String> properties;

    /** Found by {@link java.util.ServiceLoader}; locates {@code OPS_HOME} the way Config would. */
    public OpsPropertiesSource() {
        this(Path.of(locateHome()).resolve(FILE_NAME));
    }

    OpsPropertiesSource(Path file) {
        this.file = file;
        this.properties = read(file);
    }

    /** ops.home can only come from a system property or the environment: the file lives inside it. */
    private static String locateHome() {
        String home = System.getProperty(Setting.HOME.key());
        if (home == null || home.isBlank()) {
            home = System.getenv("OPS_HOME");
        }
        return home == null || home.isBlank() ? Setting.HOME.defaultValue() : home.trim();
    }

    private static Map<String, String> read(Path file) {
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

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return file.toAbsolutePath().toString();
    }

    @Override
    public int getOrdinal() {
        return 250;
    }
}
