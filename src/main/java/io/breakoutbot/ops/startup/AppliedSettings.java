package io.breakoutbot.ops.startup;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, once our log files are open, which settings this start applies: a line in general.log and an
 * {@code apply-settings} entry with every value in force in the audit trail.
 */
@Singleton
@Startup
@DependsOn({"Configuration", "Logging"})
public class AppliedSettings {

    private static final Logger LOG = LoggerFactory.getLogger(AppliedSettings.class);

    @Inject
    Configuration configuration;

    @Inject
    Audit audit;

    @PostConstruct
    void record() {
        Settings settings = configuration.settings();
        LOG.info(
                "breakout-ops starting in {} with home {}",
                settings.environment().label(),
                settings.home());
        audit.record(new AuditEntry(
                "system", "apply-settings", settings.home().toString(), settings.effective(), "success"));
    }
}
