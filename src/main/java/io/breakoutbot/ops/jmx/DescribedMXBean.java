package io.breakoutbot.ops.jmx;

import io.breakoutbot.ops.jobs.JobBusyException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ReflectionException;
import javax.management.StandardMBean;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;

/**
 * Registers an MXBean with the {@link Description}s of its interface, so JConsole shows what each
 * attribute, operation and parameter means instead of {@code p0}; with the {@link Units} of each numeric
 * attribute as its {@code units} descriptor field, and each operation's impact: {@code INFO} when it is
 * marked {@link ChangesNothing}, else {@code ACTION}. An operation refused because another job runs throws
 * {@link JobBusyException#overJmx()}: a client without our classes could not read ours.
 */
public class DescribedMXBean<T> extends StandardMBean {

    private final Class<T> type;

    /** Built once: StandardMBean caches its own info only after returning the first, uncached one. */
    private volatile MBeanInfo described;

    /** @throws IllegalArgumentException when a {@link Units} value is not one of {@link Units#ALL} */
    public DescribedMXBean(T implementation, Class<T> type) {
        super(implementation, type, true);
        this.type = type;
        for (Method m : type.getMethods()) {
            Units units = m.getAnnotation(Units.class);
            if (units != null && !Units.ALL.contains(units.value())) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + m.getName() + " has units '"
                        + units.value() + "', not one of " + Units.ALL);
            }
        }
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanInfo known = described;
        if (known == null) {
            MBeanInfo plain = super.getMBeanInfo();
            known = new MBeanInfo(
                    plain.getClassName(),
                    plain.getDescription(),
                    Arrays.stream(plain.getAttributes()).map(this::withUnits).toArray(MBeanAttributeInfo[]::new),
                    plain.getConstructors(),
                    plain.getOperations(),
                    plain.getNotifications(),
                    plain.getDescriptor());
            described = known;
        }
        return known;
    }

    private MBeanAttributeInfo withUnits(MBeanAttributeInfo attribute) {
        Units units = annotation(attribute, Units.class);
        if (units == null) {
            return attribute;
        }
        Descriptor descriptor =
                ImmutableDescriptor.union(attribute.getDescriptor(), new ImmutableDescriptor("units=" + units.value()));
        if (attribute instanceof OpenMBeanAttributeInfo open) {
            return new OpenMBeanAttributeInfoSupport(
                    attribute.getName(),
                    attribute.getDescription(),
                    open.getOpenType(),
                    attribute.isReadable(),
                    attribute.isWritable(),
                    attribute.isIs(),
                    descriptor);
        }
        return new MBeanAttributeInfo(
                attribute.getName(),
                attribute.getType(),
                attribute.getDescription(),
                attribute.isReadable(),
                attribute.isWritable(),
                attribute.isIs(),
                descriptor);
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        Method m = operation(info);
        return m != null && m.getAnnotation(ChangesNothing.class) != null
                ? MBeanOperationInfo.INFO
                : MBeanOperationInfo.ACTION;
    }

    @Override
    public Object invoke(String operation, Object[] params, String[] signature)
            throws MBeanException, ReflectionException {
        return refusedOverJmx(() -> super.invoke(operation, params, signature));
    }

    /** An operation of an MXBean, as the MBean server calls it. */
    interface Operation {
        Object invoke() throws MBeanException, ReflectionException;
    }

    /** Runs the operation; a job it cannot start is refused with a JDK exception a JMX client can show. */
    static Object refusedOverJmx(Operation operation) throws MBeanException, ReflectionException {
        try {
            return operation.invoke();
        } catch (JobBusyException busy) {
            throw busy.overJmx();
        }
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        Description d = type.getAnnotation(Description.class);
        return d == null ? super.getDescription(info) : d.value();
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        Description d = annotation(info, Description.class);
        return d == null ? super.getDescription(info) : d.value();
    }

    /** The annotation on the attribute's getter, or on its setter for a write-only one. */
    private <A extends Annotation> A annotation(MBeanAttributeInfo info, Class<A> kind) {
        for (String prefix : new String[] {"get", "is", "set"}) {
            Method m = method(prefix + info.getName());
            if (m != null && m.getAnnotation(kind) != null) {
                return m.getAnnotation(kind);
            }
        }
        return null;
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        Method m = operation(info);
        return m == null || m.getAnnotation(Description.class) == null
                ? super.getDescription(info)
                : m.getAnnotation(Description.class).value();
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Description d = parameter(op, sequence);
        return d == null || d.name().isEmpty() ? super.getParameterName(op, param, sequence) : d.name();
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Description d = parameter(op, sequence);
        return d == null ? super.getDescription(op, param, sequence) : d.value();
    }

    private Description parameter(MBeanOperationInfo op, int sequence) {
        Method m = operation(op);
        if (m == null || sequence >= m.getParameterCount()) {
            return null;
        }
        Parameter p = m.getParameters()[sequence];
        return p.getAnnotation(Description.class);
    }

    private Method operation(MBeanOperationInfo info) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(info.getName()) && m.getParameterCount() == info.getSignature().length)
                .findFirst()
                .orElse(null);
    }

    private Method method(String name) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElse(null);
    }
}
