package io.breakoutbot.ops.logs;

import io.breakoutbot.ops.audit.Audit;
import java.util.Locale;
import java.util.Map;

/**
 * Which component an event belongs to, the key that routes it to a file. The rule, first match wins:
 * <ol>
 *   <li>the MDC key {@code component}, when set (lower-cased);</li>
 *   <li>for our own loggers, the package under {@code io.breakoutbot.ops}: {@code io.breakoutbot.ops.api.RequestLog}
 *       is {@code api}, {@code io.breakoutbot.ops.monitoring.Sampler} is {@code monitoring};</li>
 *   <li>a logger name without dots is its own component, so {@code LoggerFactory.getLogger("metrics")}
 *       is {@code metrics};</li>
 *   <li>anything else is {@code general}.</li>
 * </ol>
 */
public final class Component {

    public static final String MDC_KEY = "component";
    public static final String GENERAL = "general";
    /** The audit trail's component, which {@link Audit} sets on every line it writes. */
    public static final String AUDIT = Audit.COMPONENT;

    private static final String ROOT_PACKAGE = "io.breakoutbot.ops.";

    private Component() {}

    public static String of(String loggerName, Map<String, String> mdc) {
        String fromMdc = mdc == null ? null : mdc.get(MDC_KEY);
        if (fromMdc != null && !fromMdc.isBlank()) {
            return fromMdc.trim().toLowerCase(Locale.ROOT);
        }
        if (loggerName.startsWith(ROOT_PACKAGE)) {
            int end = loggerName.indexOf('.', ROOT_PACKAGE.length());
            return end < 0 ? GENERAL : loggerName.substring(ROOT_PACKAGE.length(), end);
        }
        if (!loggerName.isEmpty() && loggerName.indexOf('.') < 0) {
            return loggerName.toLowerCase(Locale.ROOT);
        }
        return GENERAL;
    }
}
