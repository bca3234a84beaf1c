package io.breakoutbot.ops.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.breakoutbot.ops.audit.AuditEntry;
import io.breakoutbot.ops.audit.RecordedAudit;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.server.RMIServerSocketFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real RMI connector server with the JDK's password-file authenticator, the one
 * {@code -Dcom.sun.management.jmxremote.password.file} installs: a refused login is audited with the
 * client's address, a successful one is not, and detaching leaves the JDK's logger as it was.
 */
class JmxLoginFailuresTest {

    @TempDir
    Path dir;

    final RecordedAudit audit = new RecordedAudit();

    JMXConnectorServer server;
    JmxLoginFailures cut;

    @BeforeEach
    void startServer() throws IOException {
        Path passwords = Files.writeString(dir.resolve("jmxremote.password"), "ops-admin right-password\n");
        RMIServerSocketFactory loopback = port -> new ServerSocket(port, 0, InetAddress.getLoopbackAddress());
        server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1:0"),
                Map.of(
                        "jmx.remote.x.password.file",
                        passwords.toString(),
                        RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE,
                        loopback),
                ManagementFactory.getPlatformMBeanServer());
        server.start();
    }

    @AfterEach
    void stopServer() throws IOException {
        if (cut != null) {
            cut.detach();
        }
        server.stop();
    }

    JMXConnector connect(String user, String password) throws IOException {
        return JMXConnectorFactory.connect(
                server.getAddress(), Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    @Test
    void refusedLoginIsAuditedWithTheClientsAddress() throws IOException {
        cut = JmxLoginFailures.attach(audit);

        assertThrows(SecurityException.class, () -> connect("ops-admin", "wrong"));
        assertThrows(SecurityException.class, () -> connect("nobody", "right-password"));
        try (JMXConnector ok = connect("ops-admin", "right-password")) {
            ok.getMBeanServerConnection().getMBeanCount();
        }

        AuditEntry refused = new AuditEntry(
                "unknown",
                "login",
                "jmx",
                Map.of("remote", "127.0.0.1"),
                "failure: Authentication failed! Invalid username or password");
        assertEquals(List.of(refused, refused), audit.entries());
    }

    @Test
    void theRefusalsStayOutOfTheServersLogAndOtherRecordsPassAsBefore() throws IOException {
        Logger jdk = Logger.getLogger(JmxLoginFailures.JDK_LOGGER);
        List<LogRecord> seen = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(Level.ALL);
        jdk.addHandler(handler);
        try {
            cut = JmxLoginFailures.attach(audit);
            assertThrows(SecurityException.class, () -> connect("ops-admin", "wrong"));
            jdk.warning("a warning of the JDK's");
            jdk.fine("a debug line of the JDK's");
        } finally {
            jdk.removeHandler(handler);
        }

        assertAll(
                () -> assertEquals(1, audit.entries().size()),
                () -> assertEquals(
                        List.of("a warning of the JDK's"),
                        seen.stream().map(LogRecord::getMessage).toList()));
    }

    @Test
    void detachLeavesTheJdkLoggerAsItWas() throws IOException {
        Logger jdk = Logger.getLogger(JmxLoginFailures.JDK_LOGGER);
        Level level = jdk.getLevel();
        Filter filter = jdk.getFilter();

        JmxLoginFailures.attach(audit).detach();
        assertThrows(SecurityException.class, () -> connect("ops-admin", "wrong"));

        assertAll(
                () -> assertEquals(level, jdk.getLevel()),
                () -> assertEquals(filter, jdk.getFilter()),
                () -> assertEquals(List.of(), audit.entries()));
    }
}
