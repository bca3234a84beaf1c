package io.breakoutbot.ops.security;

import io.breakoutbot.ops.audit.Audit;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/** Audits refused remote JMX logins from start-up to shutdown (see {@link JmxLoginFailures} for what the JDK shows). */
@Singleton
@Startup
@DependsOn("Logging")
public class JmxLogins {

    @Inject
    Audit audit;

    private JmxLoginFailures failures;

    @PostConstruct
    void start() {
        failures = JmxLoginFailures.attach(audit);
    }

    @PreDestroy
    void stop() {
        failures.detach();
    }
}
