package io.breakoutbot.ops.monitoring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The thresholds file on disk: what is written, what is read back, and what happens to a file that is not usable. */
class ThresholdStoreTest {

    static final Instant NOW = Instant.parse("2025-03-01T12:34:56Z");

    @TempDir
    Path home;

    Path state;
    Path file;
    Path aside;
    ThresholdStore cut;

    @BeforeEach
    void store() {
        state = home.resolve("state");
        // The server's zone must not matter: names are in UTC.
        cut = new ThresholdStore(state, Clock.fixed(NOW, ZoneId.of("Europe/Berlin")));
        file = state.resolve("thresholds.properties");
        aside = state.resolve("thresholds.properties.corrupt-20250301-123456");
    }

    static ThresholdSettings edited() {
        Map<Metric, Threshold> levels =
                new EnumMap<>(ThresholdSettings.defaults().levels());
        levels.put(Metric.CPU, new Threshold(72.5, 88.25));
        levels.put(Metric.DISK, new Threshold(3, 97));
        levels.put(Metric.FILE_DESCRIPTORS, new Threshold(60, 100));
        return new ThresholdSettings(levels, 3, 0.0001);
    }

    List<String> namesInState() throws IOException {
        try (Stream<Path> files = Files.list(state)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The problem {@link ThresholdStore#load()} reports for a file it moved aside, after {@code why}. */
    Optional<String> movedAside(String why) {
        return Optional.of(why + " The default thresholds apply; the file was moved to " + aside + " for inspection.");
    }

    void write(String content) throws IOException {
        Files.createDirectories(state);
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Test
    void missingFileMeansDefaultsWithoutComplaint() throws IOException {
        ThresholdStore.Loaded loaded = cut.load();

        assertAll(
                () -> assertEquals(ThresholdSettings.defaults(), loaded.settings()),
                () -> assertEquals(Optional.empty(), loaded.problem()),
                () -> assertFalse(Files.exists(state)));
    }

    @Test
    void savedSettingsReadBackEqual() throws IOException {
        cut.save(edited());

        ThresholdStore.Loaded loaded = cut.load();

        assertAll(
                () -> assertEquals(edited(), loaded.settings()),
                () -> assertEquals(Optional.empty(), loaded.problem()),
                () -> assertEquals(List.of("thresholds.properties"), namesInState()));
    }

    @Test
    void fileReadsAsPlainKeysAndDecimals() throws IOException {
        cut.save(edited());

        List<String> settings = Files.readAllLines(file).stream()
                .filter(l -> !l.startsWith("#"))
                .toList();

        assertAll(
                () -> assertEquals(
                        List.of(
                                "cpu.warning=72.5",
                                "cpu.critical=88.25",
                                "memory.warning=75",
                                "memory.critical=85",
                                "disk.warning=3",
                                "disk.critical=97",
                                "fds.warning=60",
                                "fds.critical=100",
                                "bot.cpu.warning=80",
                                "bot.cpu.critical=95",
                                "bot.memory.warning=50",
                                "bot.memory.critical=75",
                                "bot.fds.warning=80",
                                "bot.fds.critical=95",
                                "bot.threads.warning=500",
                                "bot.threads.critical=1000",
                                "debounce=3",
                                "hysteresis=0.0001"),
                        settings),
                () -> assertEquals(
                        "# Resource thresholds of breakout-ops, saved 2025-03-01T12:34:56Z",
                        Files.readAllLines(file).get(0)));
    }

    @Test
    void saveReplacesTheWholeFileAndLeavesNoTemp() throws IOException {
        cut.save(edited());
        cut.save(ThresholdSettings.defaults().withDebounce(7));

        assertAll(
                () -> assertEquals(
                        ThresholdSettings.defaults().withDebounce(7), cut.load().settings()),
                () -> assertEquals(List.of("thresholds.properties"), namesInState()));
    }

    @Test
    void failedSaveLeavesNoTemp() throws IOException {
        // A non-empty directory in the file's place: the rename fails after the temp file is complete.
        Files.createDirectories(file.resolve("occupied"));

        assertThrows(IOException.class, () -> cut.save(edited()));

        assertAll(
                () -> assertEquals(List.of("thresholds.properties"), namesInState()),
                () -> assertTrue(Files.isDirectory(file)));
    }

    @Test
    void handWrittenFileMayNameOnlyWhatItChanges() throws IOException {
        write("# raised for the backtests\r\n\r\n  ! another comment\r\ndisk.warning = 85\r\n\tdebounce=2\r\n");

        ThresholdStore.Loaded loaded = cut.load();

        assertAll(
                () -> assertEquals(
                        ThresholdSettings.defaults()
                                .with(Metric.DISK, new Threshold(85, 90))
                                .withDebounce(2),
                        loaded.settings()),
                () -> assertEquals(Optional.empty(), loaded.problem()),
                () -> assertEquals(
                        ThresholdSettings.defaults(),
                        new ThresholdStore(home, Clock.systemUTC()).load().settings()));
    }

    @Test
    void whatPropertiesAcceptsLoads() throws IOException {
        write("""
                # comments, blank lines, each separator Properties knows, a continued line and trailing blanks
                ! another comment

                cpu.warning = 60
                cpu.critical:90
                memory.warning : 70
                disk.critical   95
                debounce=\\
                    4
                hysteresis = 2.5\t\s
                """);

        ThresholdStore.Loaded loaded = cut.load();

        assertAll(
                () -> assertEquals(
                        ThresholdSettings.defaults()
                                .with(Metric.CPU, new Threshold(60, 90))
                                .with(Metric.MEMORY, new Threshold(70, 85))
                                .with(Metric.DISK, new Threshold(80, 95))
                                .withDebounce(4)
                                .withHysteresis(2.5),
                        loaded.settings()),
                () -> assertEquals(Optional.empty(), loaded.problem()));
    }

    @Test
    void whatIsWrittenIsReadBackIdentically() throws IOException {
        cut.save(edited());
        byte[] written = Files.readAllBytes(file);
        Properties plain = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            plain.load(reader);
        }

        cut.save(cut.load().settings());

        assertAll(
                () -> assertEquals(
                        Map.ofEntries(
                                Map.entry("cpu.warning", "72.5"),
                                Map.entry("cpu.critical", "88.25"),
                                Map.entry("memory.warning", "75"),
                                Map.entry("memory.critical", "85"),
                                Map.entry("disk.warning", "3"),
                                Map.entry("disk.critical", "97"),
                                Map.entry("fds.warning", "60"),
                                Map.entry("fds.critical", "100"),
                                Map.entry("bot.cpu.warning", "80"),
                                Map.entry("bot.cpu.critical", "95"),
                                Map.entry("bot.memory.warning", "50"),
                                Map.entry("bot.memory.critical", "75"),
                                Map.entry("bot.fds.warning", "80"),
                                Map.entry("bot.fds.critical", "95"),
                                Map.entry("bot.threads.warning", "500"),
                                Map.entry("bot.threads.critical", "1000"),
                                Map.entry("debounce", "3"),
                                Map.entry("hysteresis", "0.0001")),
                        plain),
                () -> assertEquals(edited(), cut.load().settings()),
                () -> assertArrayEquals(written, Files.readAllBytes(file), "saved again unchanged"));
    }

    @Test
    void aBrokenEscapeIsAProblem() throws IOException {
        write("cpu.warning=\\u00zz\n");

        assertEquals(
                movedAside("The thresholds file " + file + " cannot be used: it has a \\u escape that is not "
                        + "four hexadecimal digits."),
                cut.load().problem());
    }

    @Test
    void garbageMeansDefaultsAProblemAndTheFileMovedAsideIntact() throws IOException {
        byte[] garbage = {0, 1, 'n', 'o', 't', ' ', 's', 'e', 't', 't', 'i', 'n', 'g', 's', (byte) 0xff, '\n', 'x'};
        Files.createDirectories(state);
        Files.write(file, garbage);

        ThresholdStore.Loaded loaded = cut.load();

        assertAll(
                () -> assertEquals(ThresholdSettings.defaults(), loaded.settings()),
                () -> assertEquals(
                        Optional.of("The thresholds file " + file + " cannot be used: it is not UTF-8 text. "
                                + "The default thresholds apply; the file was moved to " + aside + " for inspection."),
                        loaded.problem()),
                () -> assertFalse(Files.exists(file)),
                () -> assertArrayEquals(garbage, Files.readAllBytes(aside)));
    }

    @Test
    void warningAtOrAboveCriticalIsAProblem() throws IOException {
        write("cpu.critical=80\ncpu.warning=85\n");

        ThresholdStore.Loaded loaded = cut.load();

        assertAll(
                () -> assertEquals(ThresholdSettings.defaults(), loaded.settings()),
                () -> assertEquals(
                        Optional.of("In the thresholds file " + file + ", 'cpu.warning=85' cannot be "
                                + "used: the warning level (85.0) must be below the critical level (80.0); both are percentages "
                                + "from 0 to 100. The default thresholds apply; the file was moved to " + aside
                                + " for inspection."),
                        loaded.problem()),
                () -> assertEquals("cpu.critical=80\ncpu.warning=85\n", Files.readString(aside)),
                () -> assertFalse(Files.exists(file)));
    }

    @Test
    void unknownKeyIsAProblem() throws IOException {
        write("cpu.warning=70\ngpu.warning=50\n");

        ThresholdStore.Loaded loaded = cut.load();

        assertAll(
                () -> assertEquals(ThresholdSettings.defaults(), loaded.settings()),
                () -> assertEquals(
                        Optional.of("In the thresholds file " + file + ", 'gpu.warning=50' cannot be "
                                + "used: 'gpu.warning' is not a known key; the keys are cpu.warning, cpu.critical, "
                                + "memory.warning, memory.critical, disk.warning, disk.critical, fds.warning, fds.critical, "
                                + "bot.cpu.warning, bot.cpu.critical, bot.memory.warning, bot.memory.critical, "
                                + "bot.fds.warning, bot.fds.critical, bot.threads.warning, bot.threads.critical, "
                                + "debounce and hysteresis. The default thresholds apply; the file was moved to "
                                + aside
                                + " for inspection."),
                        loaded.problem()),
                () -> assertEquals("cpu.warning=70\ngpu.warning=50\n", Files.readString(aside)));
    }

    static Stream<Arguments> unusableLines() {
        return Stream.of(
                Arguments.of("cpu.warning=abc", "'abc' is not a number like 80 or 72.5."),
                Arguments.of("cpu.warning=1e2", "'1e2' is not a number like 80 or 72.5."),
                Arguments.of("cpu.warning=NaN", "'NaN' is not a number like 80 or 72.5."),
                Arguments.of("cpu.warning=", "'' is not a number like 80 or 72.5."),
                Arguments.of(
                        "memory.critical=150", "the critical level must be a percentage from 0 to 100, not 150.0."),
                Arguments.of("disk.warning=-5", "the warning level must be a percentage from 0 to 100, not -5.0."),
                Arguments.of("debounce=0", "the debounce must be from 1 to 100 consecutive samples, not 0."),
                Arguments.of(
                        "debounce=99999999999",
                        "the debounce must be from 1 to 100 consecutive samples, not 99999999999."),
                Arguments.of("debounce=2.5", "'2.5' is not a whole number of samples."),
                Arguments.of("hysteresis=60", "the hysteresis must be from 0 to 50 percentage points, not 60.0."));
    }

    @ParameterizedTest
    @MethodSource("unusableLines")
    void unusableLineIsNamedWithWhy(String line, String why) throws IOException {
        write("# edited by hand\n" + line + "\n");

        ThresholdStore.Loaded loaded = cut.load();

        assertAll(
                () -> assertEquals(ThresholdSettings.defaults(), loaded.settings()),
                () -> assertEquals(
                        Optional.of("In the thresholds file " + file + ", '" + line + "' cannot be used: " + why
                                + " The default thresholds apply; the file was moved to " + aside + " for inspection."),
                        loaded.problem()),
                () -> assertEquals("# edited by hand\n" + line + "\n", Files.readString(aside)));
    }

    @Test
    void repeatedKeyIsAProblem() throws IOException {
        write("debounce=2\ncpu.warning=60\ndebounce=3\n");

        assertEquals(
                movedAside("In the thresholds file " + file + ", 'debounce=3' cannot be used: it repeats "
                        + "'debounce', set to '2' before."),
                cut.load().problem());
    }

    @Test
    void aSecondCorruptFileInTheSameSecondKeepsTheFirst() throws IOException {
        write("first garbage\n");
        cut.load();
        write("second garbage\n");

        String problem = cut.load().problem().orElseThrow();

        assertAll(
                () -> assertTrue(problem.endsWith("moved to " + aside + "-1 for inspection."), problem),
                () -> assertEquals("first garbage\n", Files.readString(aside)),
                () -> assertEquals("second garbage\n", Files.readString(state.resolve(aside.getFileName() + "-1"))));
    }

    @Test
    void saveAfterACorruptFileLeavesItAside() throws IOException {
        write("cpu.warning=99\n");
        cut.save(cut.load().settings().withDebounce(4));

        assertAll(
                () -> assertEquals(
                        List.of("thresholds.properties", aside.getFileName().toString()), namesInState()),
                () -> assertEquals("cpu.warning=99\n", Files.readString(aside)),
                () -> assertEquals(4, cut.load().settings().debounce()));
    }

    @Test
    void leftoverTempIsSweptAndTheCompleteFileRead() throws IOException {
        cut.save(edited());
        Files.writeString(state.resolve("thresholds.properties.tmp"), "cpu.warn");

        ThresholdStore.Loaded loaded = cut.load();

        assertAll(
                () -> assertEquals(edited(), loaded.settings()),
                () -> assertEquals(Optional.empty(), loaded.problem()),
                () -> assertEquals(List.of("thresholds.properties"), namesInState()));
    }

    @Test
    void leftoverTempOfAFirstSaveIsSwept() throws IOException {
        Files.createDirectories(state);
        Files.writeString(state.resolve("thresholds.properties.tmp"), "cpu.warning=7");

        assertAll(
                () -> assertEquals(ThresholdSettings.defaults(), cut.load().settings()),
                () -> assertEquals(List.of(), namesInState()));
    }

    @Test
    void unreadableFileIsAnErrorAndStaysWhereItIs() throws IOException {
        Files.createDirectories(file);

        assertThrows(IOException.class, () -> cut.load());

        assertEquals(List.of("thresholds.properties"), namesInState());
    }

    @Test
    void aFileSavedBeforeTheBotMetricsLoadsWithTheirDefaults() throws IOException {
        write("""
                # Resource thresholds of breakout-ops, saved 2026-11-30T08:00:00Z
                # Levels are percent, 0 to 100; a value at or above a level reaches it.
                cpu.warning=60
                cpu.critical=90
                memory.warning=75
                memory.critical=85
                disk.warning=80
                disk.critical=90
                fds.warning=80
                fds.critical=90
                debounce=2
                hysteresis=5
                """);

        ThresholdStore.Loaded loaded = cut.load();

        assertAll(
                () -> assertEquals(Optional.empty(), loaded.problem()),
                () -> assertEquals(
                        ThresholdSettings.defaults()
                                .with(Metric.CPU, new Threshold(60, 90))
                                .withDebounce(2),
                        loaded.settings()),
                () -> assertEquals(new Threshold(80, 95), loaded.settings().of(Metric.BOT_CPU)),
                () -> assertEquals(
                        new Threshold(500, 1000, Metric.Unit.COUNT),
                        loaded.settings().of(Metric.BOT_THREADS)),
                () -> assertEquals(List.of("thresholds.properties"), namesInState(), "the file stays where it is"));
    }

    @Test
    void botLevelsAreSavedAndReadBack() throws IOException {
        ThresholdSettings botEdited = ThresholdSettings.defaults()
                .with(Metric.BOT_CPU, new Threshold(60, 90.5))
                .with(Metric.BOT_MEMORY, new Threshold(30, 40))
                .with(Metric.BOT_THREADS, new Threshold(200, 400, Metric.Unit.COUNT));

        cut.save(botEdited);
        ThresholdStore fresh = new ThresholdStore(state, Clock.fixed(NOW, ZoneId.of("UTC")));

        assertAll(
                () -> assertEquals(botEdited, fresh.load().settings()),
                () -> assertTrue(
                        Files.readAllLines(file)
                                .containsAll(List.of(
                                        "bot.cpu.warning=60",
                                        "bot.cpu.critical=90.5",
                                        "bot.memory.warning=30",
                                        "bot.memory.critical=40",
                                        "bot.threads.warning=200",
                                        "bot.threads.critical=400")),
                        () -> file + ": " + Files.exists(file)));
    }

    @Test
    void botLevelsOutOfTheirRangeAreAProblem() throws IOException {
        write("bot.threads.warning=500.5\n");
        Optional<String> fractional = cut.load().problem();
        Files.delete(aside);
        write("bot.cpu.critical=120\n");
        Optional<String> overHundred = cut.load().problem();

        assertAll(
                () -> assertEquals(
                        movedAside("In the thresholds file " + file + ", 'bot.threads.warning=500.5' cannot be used: "
                                + "the warning level must be a whole number from 0 to 1000000, not 500.5."),
                        fractional),
                () -> assertEquals(
                        movedAside("In the thresholds file " + file + ", 'bot.cpu.critical=120' cannot be used: "
                                + "the critical level must be a percentage from 0 to 100, not 120.0."),
                        overHundred));
    }
}
