package io.breakoutbot.ops.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes the way operators write them: {@code 10MB}, {@code 512KB}, {@code 1GB}, or plain bytes. */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?");

    private ByteSize() {}

    /**
     * @return the size in bytes, always greater than zero
     * @throws IllegalArgumentException when the text is not a positive size
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size");
        }
        long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            default -> 1L;
        };
        long number;
        try {
            number = Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLong) {
            throw new IllegalArgumentException("too large");
        }
        if (number == 0 || number > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException("out of range");
        }
        return number * unit;
    }

    /** The shortest exact form: {@code 10MB} rather than {@code 10485760}. */
    public static String format(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + "GB";
        }
        if (bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "MB";
        }
        if (bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + "KB";
        }
        return bytes + "B";
    }
}
