package io.breakoutbot.ops.audit;

import jakarta.enterprise.context.ApplicationScoped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The audit trail: one log event per operator action or configuration change, component {@code audit},
 * with {@code actor}, {@code action}, {@code target}, {@code parameters} and {@code outcome} as JSON fields.
 * Successes are INFO (general.log); failures are WARN, so they stand out without being mistaken for errors
 * of the service itself.
 */
@ApplicationScoped
public class Audit {

    private static final Logger LOG = LoggerFactory.getLogger(Audit.class);

    public void record(AuditEntry entry) {
        LOG.atLevel(entry.succeeded() ? Level.INFO : Level.WARN)
                .addKeyValue("actor", entry.actor())
                .addKeyValue("action", entry.action())
                .addKeyValue("target", entry.target())
                .addKeyValue("parameters", entry.parameters())
                .addKeyValue("outcome", entry.outcome())
                .log("{} {} {}: {}", entry.actor(), entry.action(), entry.target(), entry.outcome());
    }
}
