package io.breakoutbot.ops.audit;

import jakarta.enterprise.context.ApplicationScoped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * The audit trail: one log event per operator action or configuration change, component {@code audit},
 * with {@code actor}, {@code action}, {@code target}, {@code parameters} and {@code outcome} as JSON fields.
 * Our logging writes every one of them to audit.log, which retention keeps for {@code ops.audit.days}.
 * Successes are INFO; failures are WARN, so they stand out without being mistaken for errors of the service
 * itself.
 */
@ApplicationScoped
public class Audit {

    /** The component of every audit line, and the MDC key that carries it. */
    public static final String COMPONENT = "audit";

    static final String COMPONENT_KEY = "component";

    private final Logger log;

    public Audit() {
        this(LoggerFactory.getLogger(Audit.class));
    }

    /** @param log where the lines go; our logging routes them to audit.log by their component */
    public Audit(Logger log) {
        this.log = log;
    }

    public void record(AuditEntry entry) {
        // Set explicitly: the caller's thread may carry another component in its MDC (a request, a job's
        // metrics line), and the component decides which file the line goes to.
        String before = MDC.get(COMPONENT_KEY);
        MDC.put(COMPONENT_KEY, COMPONENT);
        try {
            log.atLevel(entry.succeeded() ? Level.INFO : Level.WARN)
                    .addKeyValue("actor", entry.actor())
                    .addKeyValue("action", entry.action())
                    .addKeyValue("target", entry.target())
                    .addKeyValue("parameters", entry.parameters())
                    .addKeyValue("outcome", entry.outcome())
                    .log("{} {} {}: {}", entry.actor(), entry.action(), entry.target(), entry.outcome());
        } finally {
            if (before == null) {
                MDC.remove(COMPONENT_KEY);
            } else {
                MDC.put(COMPONENT_KEY, before);
            }
        }
    }
}
