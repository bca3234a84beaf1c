package io.breakoutbot.ops.config;

import jakarta.ejb.ApplicationException;

/**
 * A setting that cannot be used. The message is one line naming the key, the value and what is allowed,
 * because it is what an operator reads when the deployment refuses to start. An EJB passes it to its
 * caller as it is, instead of wrapping it as a system failure, so a settings reload can show that line.
 */
@ApplicationException
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
