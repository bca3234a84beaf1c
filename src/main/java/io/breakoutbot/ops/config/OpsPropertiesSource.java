package io.breakoutbot.ops.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@code $OPS_HOME/ops.properties} as a MicroProfile Config source. Its ordinal, 250, puts it below
 * system properties (400) and environment variables (300), so a one-off override on the command line
 * wins over the file. The file is read once, when the application starts; a missing file is no error.
 */
public class OpsPropertiesSource implements ConfigSource {

    private final Path file;
    private final Map<String, String> properties;

    /** Found by {@link java.util.ServiceLoader}; locates {@code OPS_HOME} the way Config would. */
    public OpsPropertiesSource() {
        this(OpsPropertiesFile.locate(System::getProperty, System::getenv));
    }

    OpsPropertiesSource(Path file) {
        this.file = file;
        this.properties = OpsPropertiesFile.read(file);
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
