package io.breakoutbot.ops.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.breakoutbot.ops.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The table in docs/settings.md is the contract: the same keys as {@link Setting}, with the same defaults. */
class SettingsDocTest {

    static final Pattern ROW = Pattern.compile("^\\| `(ops\\.[^`]+)` \\| (.+?) \\| .+\\|$", Pattern.MULTILINE);

    @Test
    void settingsTableMatchesTheCode() throws IOException {
        String doc = Files.readString(Path.of("docs/settings.md"));
        Map<String, String> documented = new TreeMap<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }
        Map<String, String> inCode = Arrays.stream(Setting.values())
                .collect(Collectors.toMap(
                        Setting::key,
                        s -> s.defaultValue() == null
                                ? documented.getOrDefault(s.key(), "")
                                : s.defaultValue().isEmpty() ? "none" : "`" + s.defaultValue() + "`",
                        (a, b) -> a,
                        TreeMap::new));

        assertEquals(inCode, documented);
        documented.values().forEach(d -> assertFalse(d.isBlank(), "every key has a default"));
    }
}
