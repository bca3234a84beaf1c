package io.breakoutbot.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ITs boot Payara Micro with the JVM options deploy/run.sh starts the service with (deploy/java.options),
 * so that they pass with the heap ceiling a host gets.
 */
class JavaOptionsTest {

    private static final Path REPO = Path.of("").toAbsolutePath();

    @Test
    void theItsStartWithTheOptionsOfDeployJavaOptions() throws IOException {
        List<String> defaults = Files.readAllLines(REPO.resolve("deploy/java.options")).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
        assertTrue(defaults.contains("-Xmx256m"), "deploy/java.options sets the heap ceiling: " + defaults);

        String arquillian = Files.readString(REPO.resolve("src/test/resources/arquillian.xml"));
        Matcher cmdOptions = Pattern.compile("<property name=\"cmdOptions\">([^<]*)</property>")
                .matcher(arquillian);
        assertTrue(cmdOptions.find(), "arquillian.xml has a cmdOptions property");
        List<String> first = Arrays.asList(cmdOptions.group(1).strip().split("\\s+"));

        assertEquals(defaults, first.subList(0, Math.min(defaults.size(), first.size())));
    }
}
