package io.breakoutbot.ops;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.breakoutbot.ops.jmx.DescribedMXBean;
import io.breakoutbot.ops.jmx.Units;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What a JMX client reads of every MXBean interface in the service: each numeric attribute names its units
 * in the {@code units} descriptor field, and each operation's impact says whether it changes anything.
 */
class MXBeanMetadataTest {

    /** The operations that change nothing: JMX impact INFO. Every other operation is ACTION. */
    static final Set<String> READ_ONLY_OPERATIONS = Set.of(
            "MaintenanceMXBean.stats",
            "MaintenanceMXBean.cleanupPreview",
            "BackupMXBean.list",
            "BackupMXBean.listRemote");

    static final Set<OpenType<?>> NUMERIC = Set.of(
            SimpleType.BYTE,
            SimpleType.SHORT,
            SimpleType.INTEGER,
            SimpleType.LONG,
            SimpleType.FLOAT,
            SimpleType.DOUBLE,
            SimpleType.BIGINTEGER,
            SimpleType.BIGDECIMAL);

    /** Not the platform server, so nothing stays registered after the test. */
    final MBeanServer server = MBeanServerFactory.newMBeanServer();

    static final List<Class<?>> INTERFACES = findInterfaces();

    static List<Class<?>> mxbeanInterfaces() {
        return INTERFACES;
    }

    /** Every interface named *MXBean in the service's main classes, so a new one is checked too. */
    static List<Class<?>> findInterfaces() {
        List<Class<?>> found = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("io.breakoutbot.ops")) {
            if (c.isInterface() && c.getSimpleName().endsWith("MXBean")) {
                found.add(c.reflect());
            }
        }
        return found;
    }

    /** The info as a client reads it through an MBean server; the implementation is never called. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    MBeanInfo info(Class<?> type) throws Exception {
        Object unused = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            throw new UnsupportedOperationException(m.getName());
        });
        ObjectName name = new ObjectName("io.breakoutbot.ops.test:type=" + type.getSimpleName());
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(new DescribedMXBean(unused, type), name);
        return server.getMBeanInfo(name);
    }

    @Test
    void everyMXBeanOfTheServiceIsChecked() {
        Set<String> names = new TreeSet<>();
        mxbeanInterfaces().forEach(c -> names.add(c.getSimpleName()));
        assertTrue(
                names.containsAll(Set.of(
                        "AlertsMXBean",
                        "BackupMXBean",
                        "BotMXBean",
                        "MaintenanceMXBean",
                        "ResourceMetricsMXBean",
                        "ThresholdsMXBean")),
                names.toString());
    }

    @Test
    void everyNumericAttributeNamesItsUnits() throws Exception {
        List<Executable> checks = new ArrayList<>();
        int numeric = 0;
        for (Class<?> type : mxbeanInterfaces()) {
            for (MBeanAttributeInfo a : info(type).getAttributes()) {
                if (!NUMERIC.contains(a.getDescriptor().getFieldValue("openType"))) {
                    continue;
                }
                numeric++;
                Object units = a.getDescriptor().getFieldValue("units");
                String where = type.getSimpleName() + "." + a.getName() + " (" + a.getType() + ")";
                checks.add(() -> assertTrue(Units.ALL.contains(units), where + " has units " + units));
            }
        }
        assertTrue(numeric >= 36, "numeric attributes found: " + numeric); // so the open-type lookup did find them
        assertAll(checks);
    }

    @Test
    void theUnitsAreTheOnesAnOperatorReadsInTheDescriptions() throws Exception {
        assertAll(
                () -> assertEquals("percent", units("ResourceMetricsMXBean", "CpuPercent")),
                () -> assertEquals("bytes", units("ResourceMetricsMXBean", "BotResidentMemoryBytes")),
                () -> assertEquals("id", units("ResourceMetricsMXBean", "BotPid")),
                () -> assertEquals("count", units("ResourceMetricsMXBean", "Threads")),
                () -> assertEquals("percent", units("ThresholdsMXBean", "DiskCritical")),
                () -> assertEquals("count", units("ThresholdsMXBean", "BotThreadsWarning")),
                () -> assertEquals("days", units("MaintenanceMXBean", "MaxAgeDays")),
                () -> assertEquals("count", units("AlertsMXBean", "FailedDeliveries")),
                () -> assertEquals("count", units("BotMXBean", "Restarts")));
    }

    @Test
    void operationsThatChangeNothingAreInfoAndEveryOtherIsAction() throws Exception {
        List<Executable> checks = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Class<?> type : mxbeanInterfaces()) {
            for (MBeanOperationInfo op : info(type).getOperations()) {
                String name = type.getSimpleName() + "." + op.getName();
                seen.add(name);
                int expected =
                        READ_ONLY_OPERATIONS.contains(name) ? MBeanOperationInfo.INFO : MBeanOperationInfo.ACTION;
                checks.add(() -> assertEquals(expected, op.getImpact(), name + " impact"));
            }
        }
        assertTrue(seen.containsAll(READ_ONLY_OPERATIONS), seen.toString());
        assertAll(checks);
    }

    String units(String type, String attribute) throws Exception {
        Class<?> c = mxbeanInterfaces().stream()
                .filter(t -> t.getSimpleName().equals(type))
                .findFirst()
                .orElseThrow();
        for (MBeanAttributeInfo a : info(c).getAttributes()) {
            if (a.getName().equals(attribute)) {
                return (String) a.getDescriptor().getFieldValue("units");
            }
        }
        throw new AssertionError(type + " has no attribute " + attribute);
    }
}
