package io.breakoutbot.ops.security;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits the remote JMX logins the JDK refuses. The connector server that
 * {@code -Dcom.sun.management.jmxremote.*} starts is the JDK's own: we cannot hand it an authenticator, and it
 * sends no connection notification for a refused login (only for connections it opened). What it does do is
 * log each refusal of its password-file authenticator at DEBUG on {@value #JDK_LOGGER}, on the RMI thread
 * serving the client. This filter sits on that logger, so it can also ask RMI for the client's address. The
 * JDK says nothing of the user name tried, nor of a logged-in user refused an operation by the access file.
 *
 * <p>The logger is opened to DEBUG for the refusals only, and the filter keeps them to itself: every other
 * record passes exactly as it did before (same level, same earlier filter), so the server's log sees neither
 * the refusals' stack traces nor the JDK's other DEBUG lines.
 */
public final class JmxLoginFailures implements Filter {

    /** The JDK's logger for its JMX authenticator (a {@code System.Logger}, backed by java.util.logging). */
    static final String JDK_LOGGER = "javax.management.remote.misc";
    /** The record its authenticator logs with each refusal, the refusal being the record's exception. */
    static final String AUTHENTICATOR = "JMXPluggableAuthenticator::";

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(JmxLoginFailures.class);

    private final Audit audit;
    // A strong reference: java.util.logging forgets a logger nobody holds, and its level with it.
    private final Logger jdkLogger = Logger.getLogger(JDK_LOGGER);
    private final Level levelBefore;
    private final Filter filterBefore;
    private final Level effectiveBefore;

    private JmxLoginFailures(Audit audit) {
        this.audit = audit;
        this.levelBefore = jdkLogger.getLevel();
        this.filterBefore = jdkLogger.getFilter();
        this.effectiveBefore = effectiveLevel(jdkLogger);
    }

    /** Starts listening; {@link #detach} undoes it. */
    public static JmxLoginFailures attach(Audit audit) {
        JmxLoginFailures failures = new JmxLoginFailures(audit);
        failures.jdkLogger.setFilter(failures);
        if (failures.effectiveBefore.intValue() > Level.FINE.intValue()) {
            failures.jdkLogger.setLevel(Level.FINE);
        }
        return failures;
    }

    public void detach() {
        jdkLogger.setFilter(filterBefore);
        jdkLogger.setLevel(levelBefore);
    }

    private static Level effectiveLevel(Logger logger) {
        for (Logger l = logger; l != null; l = l.getParent()) {
            if (l.getLevel() != null) {
                return l.getLevel();
            }
        }
        return Level.INFO;
    }

    static boolean isRefusal(LogRecord record) {
        return record.getThrown() instanceof SecurityException
                && record.getMessage() != null
                && record.getMessage().startsWith(AUTHENTICATOR);
    }

    /** Runs on the thread that logs, before any handler: audits a refusal, passes the rest as before. */
    @Override
    public boolean isLoggable(LogRecord record) {
        if (isRefusal(record)) {
            audit(record);
            return false;
        }
        return record.getLevel().intValue() >= effectiveBefore.intValue()
                && (filterBefore == null || filterBefore.isLoggable(record));
    }

    private void audit(LogRecord refusal) {
        try {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("remote", clientHost());
            audit.record(new AuditEntry(
                    "unknown",
                    "login",
                    "jmx",
                    parameters,
                    "failure: " + refusal.getThrown().getMessage()));
        } catch (RuntimeException e) {
            // Never thrown back into the JDK's authenticator: the refusal must stand whatever happens here.
            LOG.error("Could not audit a refused JMX login: {}", e.toString(), e);
        }
    }

    /** The client's address while serving its RMI call (the thread that logs the refusal), else {@code unknown}. */
    private static String clientHost() {
        try {
            return RemoteServer.getClientHost();
        } catch (ServerNotActiveException notInACall) {
            return "unknown";
        }
    }
}
