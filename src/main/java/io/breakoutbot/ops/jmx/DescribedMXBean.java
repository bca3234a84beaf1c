package io.breakoutbot.ops.jmx;

import io.breakoutbot.ops.jobs.JobBusyException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ReflectionException;
import javax.management.StandardMBean;

/**
 * Registers an MXBean with the {@link Description}s of its interface, so JConsole shows what each
 * attribute, operation and parameter means instead of {@code p0}. An operation refused because another job
 * runs throws {@link JobBusyException#overJmx()}: a client without our classes could not read ours.
 */
public class DescribedMXBean<T> extends StandardMBean {

    private final Class<T> type;

    public DescribedMXBean(T implementation, Class<T> type) {
        super(implementation, type, true);
        this.type = type;
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
        for (String prefix : new String[] {"get", "is", "set"}) {
            Method m = method(prefix + info.getName());
            if (m != null && m.getAnnotation(Description.class) != null) {
                return m.getAnnotation(Description.class).value();
            }
        }
        return super.getDescription(info);
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
