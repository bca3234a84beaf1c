package io.breakoutbot.ops.jmx;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.jobs.JobBusyException;
import java.util.Arrays;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;

/**
 * What a JMX client sees of an operation refused because another job runs (a JDK exception it can show), and
 * of the units and impacts the annotations declare.
 */
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

    public interface GaugeMXBean {
        @Units(Units.BYTES)
        long getUsed();

        @Description("Free space, percent")
        @Units(Units.PERCENT)
        double getFree();

        void setFree(double percent);

        String getName();

        @ChangesNothing
        long measure();

        String clear();
    }

    public interface BadGaugeMXBean {
        @Units("MB")
        long getUsed();
    }

    static class Gauge implements GaugeMXBean {
        @Override
        public long getUsed() {
            return 4096;
        }

        @Override
        public double getFree() {
            return 12.5;
        }

        @Override
        public void setFree(double percent) {}

        @Override
        public String getName() {
            return "disk";
        }

        @Override
        public long measure() {
            return 4096;
        }

        @Override
        public String clear() {
            return "cleared";
        }
    }

    static MBeanAttributeInfo attribute(MBeanInfo info, String name) {
        return Arrays.stream(info.getAttributes())
                .filter(a -> a.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static MBeanOperationInfo operation(MBeanInfo info, String name) {
        return Arrays.stream(info.getOperations())
                .filter(o -> o.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void unitsJoinTheOpenTypeInTheAttributesDescriptorAndImpactFollowsTheMarker() throws Exception {
        ObjectName name = new ObjectName("io.breakoutbot.ops.test:type=Gauge");
        server.registerMBean(new DescribedMXBean<>(new Gauge(), GaugeMXBean.class), name);
        MBeanInfo info = server.getMBeanInfo(name);

        MBeanAttributeInfo free = attribute(info, "Free");
        assertAll(
                () -> assertEquals(
                        "bytes", attribute(info, "Used").getDescriptor().getFieldValue("units")),
                () -> assertEquals("percent", free.getDescriptor().getFieldValue("units")),
                () -> assertEquals(SimpleType.DOUBLE, free.getDescriptor().getFieldValue("openType")),
                () -> assertEquals("Free space, percent", free.getDescription()),
                () -> assertTrue(free.isWritable()),
                () -> assertEquals(null, attribute(info, "Name").getDescriptor().getFieldValue("units")),
                () -> assertEquals(
                        MBeanOperationInfo.INFO, operation(info, "measure").getImpact()),
                () -> assertEquals(
                        MBeanOperationInfo.ACTION, operation(info, "clear").getImpact()),
                () -> assertEquals(4096L, server.getAttribute(name, "Used")),
                () -> assertEquals("cleared", server.invoke(name, "clear", new Object[0], new String[0])));
    }

    @Test
    void anEmitterKeepsTheUnitsAndImpacts() throws Exception {
        NotificationBroadcasterSupport emitter = new NotificationBroadcasterSupport(
                new MBeanNotificationInfo(new String[] {"probe.low"}, "javax.management.Notification", "low"));
        MBeanInfo info = new DescribedEmitterMXBean<>(new Gauge(), GaugeMXBean.class, emitter).getMBeanInfo();

        assertAll(
                () -> assertEquals(
                        "percent", attribute(info, "Free").getDescriptor().getFieldValue("units")),
                () -> assertEquals(
                        MBeanOperationInfo.INFO, operation(info, "measure").getImpact()),
                () -> assertEquals("probe.low", info.getNotifications()[0].getNotifTypes()[0]));
    }

    @Test
    void unitsOutsideTheKnownSetAreRefusedWhenTheBeanIsBuilt() {
        BadGaugeMXBean bad = () -> 1;
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> new DescribedMXBean<>(bad, BadGaugeMXBean.class));
        assertTrue(
                refused.getMessage().startsWith("BadGaugeMXBean.getUsed has units 'MB', not one of "),
                refused.getMessage());
    }
}
