package io.breakoutbot.ops.config;

/**
 * A setting that cannot be used. The message is one line naming the key, the value and what is allowed,
 * because it is what an operator reads when the deployment refuses to start.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private final String key;

    public InvalidSettingException(String key, String value, String allowed) {
        this(key, value, allowed, null);
    }

    public InvalidSettingException(String key, String value, String allowed, Throwable cause) {
        super("Invalid setting " + key + "='" + printable(value) + "': " + allowed, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Keeps the message on one line whatever the value holds. */
    private static String printable(String value) {
        return value.replaceAll("\\p{Cntrl}", "?");
    }
}
