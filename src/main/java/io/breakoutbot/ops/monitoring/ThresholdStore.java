package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.files.DurableFiles;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the thresholds an operator set across restarts, in {@code <state directory>/thresholds.properties}
 * (normally {@code $OPS_HOME/state}):
 * <pre>
 * cpu.warning=70
 * cpu.critical=80
 * ...
 * debounce=1
 * hysteresis=5
 * </pre>
 * Keys are {@code <metric>.warning} and {@code <metric>.critical} for the metrics {@code cpu}, {@code memory},
 * {@code disk}, {@code fds}, {@code bot.cpu}, {@code bot.memory} and {@code bot.fds} (percent, 0 to 100, plain
 * decimals) and {@code bot.threads} (whole threads, 0 to 1000000), {@code debounce} (samples, 1 to 100) and
 * {@code hysteresis} (percentage points, 0 to 50). A file saved before the bot metrics existed has no
 * {@code bot.} keys and loads with their defaults. The file is read as {@link Properties} read it, in UTF-8: lines
 * starting with {@code #} or {@code !} are comments, blank lines are skipped, {@code key=value},
 * {@code key = value} and {@code key: value} are the same, and a value's surrounding blanks do not count. A key
 * left out keeps its default, so a hand-written file may name only what it changes. What {@link #save} writes is
 * a header of comments and one {@code key=value} line per key, in the order above.
 *
 * <p><b>A file that cannot be used</b> (not UTF-8 text, an unknown or repeated key, a value that is not a number
 * or out of range, a warning level not below its critical level) is never half applied: {@link #load()} returns
 * the defaults with a sentence naming the file, the key and its value, and moves the file to
 * {@code thresholds.properties.corrupt-<yyyyMMdd-HHmmss>} (UTC, from the injected clock; {@code -1}, {@code -2},
 * ... appended when that name is taken), so that the next {@link #save} cannot silently replace what the
 * operator wrote and it can be inspected.
 *
 * <p><b>Crash safety.</b> {@link #save} writes {@code thresholds.properties.tmp}, syncs it, renames it over the
 * file and syncs the directory: the file always holds either the old or the new settings, complete. A temp
 * file left by a crash is deleted by the next {@link #load()}.
 */
final class ThresholdStore {

    public static final String FILE_NAME = "thresholds.properties";
    static final String TEMP_NAME = FILE_NAME + ".tmp";
    static final String CORRUPT_PREFIX = FILE_NAME + ".corrupt-";

    private static final Logger LOG = LoggerFactory.getLogger(ThresholdStore.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern WHOLE = Pattern.compile("-?\\d+");
    private static final String DEBOUNCE = "debounce";
    private static final String HYSTERESIS = "hysteresis";
    private static final String WARNING = ".warning";
    private static final String CRITICAL = ".critical";
    private static final int QUOTED = 60;
    private static final int MAX_ASIDE = 1000;

    /**
     * What {@link #load()} found.
     *
     * @param settings the settings to use: the file's, or the defaults when it is missing or unusable
     * @param problem  when the file could not be used, one sentence for the operator naming the file, the line
     *                 and where the file went; empty otherwise
     */
    public record Loaded(ThresholdSettings settings, Optional<String> problem) {

        public Loaded {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(problem, "problem");
        }
    }

    private final Path directory;
    private final Path file;
    private final Clock clock;

    /**
     * @param stateDirectory where the file lives, normally {@code $OPS_HOME/state}; created by the first save
     * @param clock          the time of the saved file's header and of the name a corrupt file is moved to
     */
    public ThresholdStore(Path stateDirectory, Clock clock) {
        this.directory = Objects.requireNonNull(stateDirectory, "stateDirectory");
        this.file = stateDirectory.resolve(FILE_NAME);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The settings file, whether or not it exists. */
    public Path file() {
        return file;
    }

    /**
     * Reads the saved settings; see the class description for what happens to a file that cannot be used.
     * Deletes a temp file a crashed save left behind first.
     *
     * @throws IOException when the file exists but cannot be read at all (permissions, a directory in its
     *                     place): nothing is moved then, since the file may well be fine
     */
    public synchronized Loaded load() throws IOException {
        sweepLeftover();
        try (Reader text = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Loaded(parse(text), Optional.empty());
        } catch (NoSuchFileException missing) {
            return new Loaded(ThresholdSettings.defaults(), Optional.empty());
        } catch (Unusable u) {
            String where = u.entry == null
                    ? "The thresholds file " + file + " cannot be used: "
                    : "In the thresholds file " + file + ", '" + quote(u.entry.key + "=" + u.entry.value)
                            + "' cannot be used: ";
            String problem = where + lowerFirst(u.getMessage()) + " The default thresholds apply; " + moveAside() + ".";
            LOG.warn(problem);
            return new Loaded(ThresholdSettings.defaults(), Optional.of(problem));
        }
    }

    /**
     * Replaces the saved settings atomically, creating the state directory when needed.
     *
     * @throws IOException when they cannot be written; the previous file is then untouched and no temp file left
     */
    public synchronized void save(ThresholdSettings settings) throws IOException {
        Objects.requireNonNull(settings, "settings");
        DurableFiles.replace(
                file, directory.resolve(TEMP_NAME), format(settings).getBytes(StandardCharsets.UTF_8));
        LOG.info("Saved thresholds to {}: {}", file, settings);
    }

    private String format(ThresholdSettings settings) {
        StringBuilder text = new StringBuilder()
                .append("# Resource thresholds of breakout-ops, saved ")
                .append(clock.instant())
                .append('\n')
                .append("# Levels are percent, 0 to 100, but bot.threads, a whole number of threads; a value at or\n")
                .append("# above a level reaches it.\n")
                .append("# debounce: samples in a row at or above a level before its state is entered, 1 to 100.\n")
                .append("# hysteresis: percentage points below a level before its state is left, 0 to 50.\n");
        for (Metric m : Metric.values()) {
            Threshold t = settings.of(m);
            text.append(m.label())
                    .append(WARNING)
                    .append('=')
                    .append(plain(t.warning()))
                    .append('\n');
            text.append(m.label())
                    .append(CRITICAL)
                    .append('=')
                    .append(plain(t.critical()))
                    .append('\n');
        }
        text.append(DEBOUNCE).append('=').append(settings.debounce()).append('\n');
        text.append(HYSTERESIS).append('=').append(plain(settings.hysteresis())).append('\n');
        return text.toString();
    }

    /** The shortest decimal that reads back as exactly the same double, never in exponent notation: 70, 72.5. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** @throws IOException when the file cannot be read; text that is not UTF-8 is {@link Unusable} */
    private static ThresholdSettings parse(Reader text) throws IOException, Unusable {
        Entries read = new Entries();
        try {
            read.load(text);
        } catch (CharacterCodingException notText) {
            throw new Unusable(null, "It is not UTF-8 text.");
        } catch (IllegalArgumentException badEscape) {
            throw new Unusable(null, "It has a \\u escape that is not four hexadecimal digits.");
        }
        if (read.repeated != null) {
            throw new Unusable(
                    read.repeated,
                    "It repeats '" + read.repeated.key + "', set to '" + read.byKey.get(read.repeated.key).value
                            + "' before.");
        }
        for (Entry entry : read.byKey.values()) {
            if (!isKnown(entry.key)) {
                throw new Unusable(entry, "'" + entry.key + "' is not a known key; the keys are " + knownKeys() + ".");
            }
        }
        Map<String, Entry> entries = read.byKey;

        Map<Metric, Threshold> levels = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            Threshold fallback = Threshold.defaultFor(m);
            Entry warningEntry = entries.get(m.label() + WARNING);
            Entry criticalEntry = entries.get(m.label() + CRITICAL);
            double warning = warningEntry == null ? fallback.warning() : level(m, warningEntry, "warning");
            double critical = criticalEntry == null ? fallback.critical() : level(m, criticalEntry, "critical");
            try {
                levels.put(m, new Threshold(warning, critical, m.unit()));
            } catch (IllegalArgumentException e) {
                throw new Unusable(warningEntry != null ? warningEntry : criticalEntry, e.getMessage());
            }
        }
        Entry debounceEntry = entries.get(DEBOUNCE);
        int debounce = debounceEntry == null ? ThresholdSettings.DEFAULT_DEBOUNCE : debounce(debounceEntry);
        Entry hysteresisEntry = entries.get(HYSTERESIS);
        double hysteresis = ThresholdSettings.DEFAULT_HYSTERESIS;
        if (hysteresisEntry != null) {
            hysteresis = number(hysteresisEntry);
            try {
                ThresholdSettings.requireHysteresis(hysteresis);
            } catch (IllegalArgumentException e) {
                throw new Unusable(hysteresisEntry, e.getMessage());
            }
        }
        try {
            return new ThresholdSettings(levels, debounce, hysteresis);
        } catch (IllegalArgumentException e) {
            // Only the hysteresis against a warning level is left to fail; blame whichever of them the file set.
            Entry culprit = hysteresisEntry;
            for (Metric m : Metric.values()) {
                if (culprit == null && levels.get(m).warning() <= hysteresis) {
                    culprit = entries.get(m.label() + WARNING);
                }
            }
            throw new Unusable(culprit, e.getMessage());
        }
    }

    private static double level(Metric metric, Entry entry, String level) throws Unusable {
        double value = number(entry);
        try {
            metric.unit().requireLevel(level, value);
        } catch (IllegalArgumentException e) {
            throw new Unusable(entry, e.getMessage());
        }
        return value;
    }

    private static double number(Entry entry) throws Unusable {
        if (!DECIMAL.matcher(entry.value).matches()) {
            throw new Unusable(entry, "'" + entry.value + "' is not a number like 80 or 72.5.");
        }
        return Double.parseDouble(entry.value);
    }

    private static int debounce(Entry entry) throws Unusable {
        if (!WHOLE.matcher(entry.value).matches()) {
            throw new Unusable(entry, "'" + entry.value + "' is not a whole number of samples.");
        }
        try {
            int samples = Integer.parseInt(entry.value);
            ThresholdSettings.requireDebounce(samples);
            return samples;
        } catch (NumberFormatException tooLong) {
            throw new Unusable(
                    entry,
                    "The debounce must be from 1 to " + ThresholdSettings.MAX_DEBOUNCE + " consecutive samples, not "
                            + entry.value + ".");
        } catch (IllegalArgumentException e) {
            throw new Unusable(entry, e.getMessage());
        }
    }

    private static boolean isKnown(String key) {
        if (key.equals(DEBOUNCE) || key.equals(HYSTERESIS)) {
            return true;
        }
        for (Metric m : Metric.values()) {
            if (key.equals(m.label() + WARNING) || key.equals(m.label() + CRITICAL)) {
                return true;
            }
        }
        return false;
    }

    private static String knownKeys() {
        List<String> keys = new ArrayList<>();
        for (Metric m : Metric.values()) {
            keys.add(m.label() + WARNING);
            keys.add(m.label() + CRITICAL);
        }
        return String.join(", ", keys) + ", " + DEBOUNCE + " and " + HYSTERESIS;
    }

    /** @return the end of the problem sentence: where the file went, or why it is still in place */
    private String moveAside() {
        String stamp = STAMP.format(clock.instant());
        for (int n = 0; n < MAX_ASIDE; n++) {
            Path aside = directory.resolve(CORRUPT_PREFIX + stamp + (n == 0 ? "" : "-" + n));
            try {
                // Without ATOMIC_MOVE, a move within the directory is still a rename, and refuses an existing target.
                Files.move(file, aside);
                DurableFiles.syncDirectory(directory);
                return "the file was moved to " + aside + " for inspection";
            } catch (FileAlreadyExistsException taken) {
                continue;
            } catch (IOException e) {
                LOG.error("Could not move the unusable thresholds file {} to {}", file, aside, e);
                return "moving the file aside failed (" + e + "), so it is still in place and the next save "
                        + "of thresholds will replace it";
            }
        }
        return "no free name to move it to was found, so it is still in place and the next save of thresholds "
                + "will replace it";
    }

    private void sweepLeftover() throws IOException {
        Path temp = directory.resolve(TEMP_NAME);
        if (Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(temp);
            DurableFiles.syncDirectory(directory);
            LOG.warn(
                    "Deleted {}, left by a save of thresholds that did not finish; {} holds the last complete one",
                    temp,
                    file);
        }
    }

    /** Printable ASCII only, and short: a hand-edited file may hold anything. */
    private static String quote(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(QUOTED).forEach(c -> shown.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return text.codePointCount(0, text.length()) > QUOTED ? shown + "..." : shown.toString();
    }

    private static String lowerFirst(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    /** One setting of the file, as {@link Properties} read it; the value without its surrounding blanks. */
    private record Entry(String key, String value) {}

    /**
     * The file's settings in the order it gives them, and the first key it gives twice: {@link Properties} alone
     * would keep the last value of a repeated key without a word.
     */
    private static final class Entries extends Properties {

        private static final long serialVersionUID = 1L;

        // ThresholdStore.Entry, not Entry: in a Properties subclass a bare Entry may mean Map.Entry. A JDK newer
        // than 17 compiling for release 17 sees no private Hashtable.Entry to hide it (payara7 profile).
        final transient Map<String, ThresholdStore.Entry> byKey = new LinkedHashMap<>();
        transient ThresholdStore.Entry repeated;

        /** Called by {@link #load} for each setting it reads. */
        @Override
        public synchronized Object put(Object key, Object value) {
            ThresholdStore.Entry entry = new ThresholdStore.Entry((String) key, ((String) value).strip());
            if (byKey.putIfAbsent(entry.key, entry) != null && repeated == null) {
                repeated = entry;
            }
            return super.put(key, value);
        }
    }

    /** Why the file cannot be used, as a sentence, and the setting to blame (null for the file as a whole). */
    private static final class Unusable extends Exception {

        final transient Entry entry;

        Unusable(Entry entry, String sentence) {
            super(sentence, null, false, false);
            this.entry = entry;
        }
    }
}
