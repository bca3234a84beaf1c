package io.breakoutbot.ops.jmx;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.jobs.JobBusyException;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;

/** What a JMX client sees of an operation refused because another job runs: a JDK exception it can show. */
class DescribedMXBeanTest {

    static final String REFUSED =
            "Maintenance job 'setup' is still running, so 'cleanup' was not started; try again when it ends.";

    public interface ProbeMXBean {
        String cleanup();

        String getState();
    }

    /** Not the platform server, so nothing stays registered after the test. */
    final MBeanServer server = MBeanServerFactory.newMBeanServer();

    ObjectName register(ProbeMXBean probe) throws Exception {
        ObjectName name = new ObjectName("io.breakoutbot.ops.test:type=Probe");
        server.registerMBean(new DescribedMXBean<>(probe, ProbeMXBean.class), name);
        return name;
    }

    @Test
    void aBusyJobReachesTheClientAsAnIllegalStateExceptionWithTheSameSentence() throws Exception {
        ObjectName name = register(new ProbeMXBean() {
            @Override
            public String cleanup() {
                throw new JobBusyException("Maintenance job 'setup'", "'cleanup' was not started");
            }

            @Override
            public String getState() {
                return "busy";
            }
        });

        RuntimeMBeanException raw = assertThrows(
                RuntimeMBeanException.class, () -> server.invoke(name, "cleanup", new Object[0], new String[0]));
        IllegalStateException proxied = assertThrows(
                IllegalStateException.class,
                () -> JMX.newMXBeanProxy(server, name, ProbeMXBean.class).cleanup());
        assertAll(
                () -> assertEquals(IllegalStateException.class, raw.getCause().getClass()),
                () -> assertEquals(REFUSED, raw.getCause().getMessage()),
                () -> assertEquals(IllegalStateException.class, proxied.getClass()),
                () -> assertEquals(REFUSED, proxied.getMessage()),
                () -> assertTrue(JobBusyException.isRefusal(proxied.getMessage()), "what opsctl tells apart"));
    }

    @Test
    void otherFailuresPassUnchanged() throws Exception {
        ObjectName name = register(new ProbeMXBean() {
            @Override
            public String cleanup() {
                throw new IllegalArgumentException("Days must be from 1 to 3650 (ten years), not 0.");
            }

            @Override
            public String getState() {
                return "idle";
            }
        });

        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> JMX.newMXBeanProxy(server, name, ProbeMXBean.class).cleanup());
        assertEquals("Days must be from 1 to 3650 (ten years), not 0.", refused.getMessage());
        assertEquals("idle", server.getAttribute(name, "State"));
    }
}
