package io.breakoutbot.ops.security;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits the remote JMX logins the JDK refuses. The connector server that
 * {@code -Dcom.sun.management.jmxremote.*} starts is the JDK's own: we cannot hand it an authenticator, and it
 * sends no connection notification for a refused login (only for connections it opened). What it does do is
 * log each refusal of its password-file authenticator at DEBUG on {@value #JDK_LOGGER}, on the RMI thread
 * serving the client. This handler listens there, so it can also ask RMI for the client's address. The JDK
 * says nothing of the user name tried, nor of a logged-in user refused an operation by the access file.
 */
public final class JmxLoginFailures extends Handler {

    /** The JDK's logger for its JMX authenticator (a {@code System.Logger}, backed by java.util.logging). */
    static final String JDK_LOGGER = "javax.management.remote.misc";
    /** The record its authenticator logs with each refusal, the refusal being the record's exception. */
    static final String AUTHENTICATOR = "JMXPluggableAuthenticator::";

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(JmxLoginFailures.class);

    private final Audit audit;
    // A strong reference: java.util.logging forgets a logger nobody holds, and its level with it.
    private final Logger jdkLogger = Logger.getLogger(JDK_LOGGER);
    private Level levelBefore;
    private Filter filterBefore;

    private JmxLoginFailures(Audit audit) {
        this.audit = audit;
        setLevel(Level.FINE);
    }

    /**
     * Starts listening; {@link #detach} undoes it. The JDK's logger is opened to DEBUG for the refusals only:
     * its other DEBUG records (one per successful login, for one) are filtered out before any handler, the
     * server's log included, sees them.
     */
    public static JmxLoginFailures attach(Audit audit) {
        JmxLoginFailures handler = new JmxLoginFailures(audit);
        Logger jdk = handler.jdkLogger;
        handler.levelBefore = jdk.getLevel();
        handler.filterBefore = jdk.getFilter();
        Level effective = effectiveLevel(jdk);
        Filter before = handler.filterBefore;
        jdk.setFilter(r -> isRefusal(r)
                || r.getLevel().intValue() >= effective.intValue() && (before == null || before.isLoggable(r)));
        if (effective.intValue() > Level.FINE.intValue()) {
            jdk.setLevel(Level.FINE);
        }
        jdk.addHandler(handler);
        return handler;
    }

    public void detach() {
        jdkLogger.removeHandler(this);
        jdkLogger.setLevel(levelBefore);
        jdkLogger.setFilter(filterBefore);
    }

    static boolean isRefusal(LogRecord record) {
        return record.getThrown() instanceof SecurityException && record.getMessage() != null
                && record.getMessage().startsWith(AUTHENTICATOR);
    }

    private static Level effectiveLevel(Logger logger) {
        for (Logger l = logger; l != null; l = l.getParent()) {
            if (l.getLevel() != null) {
                return l.getLevel();
            }
        }
        return Level.INFO;
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || !isRefusal(record)) {
            return;
        }
        try {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("remote", clientHost());
            audit.record(new AuditEntry("unknown", "login", "jmx", parameters,
                    "failure: " + record.getThrown().getMessage()));
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

    @Override
    public void flush() {
        // audit lines are flushed by our logging
    }

    @Override
    public void close() {
        // nothing held
    }
}
