package io.breakoutbot.ops.jmx;

import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.NotificationEmitter;
import javax.management.ReflectionException;
import javax.management.StandardEmitterMBean;

/**
 * {@link DescribedMXBean} for an MXBean that also emits notifications: the same descriptions and the same
 * refusal of a job that cannot start, plus the emitter's notification types, so JConsole offers to subscribe.
 */
public class DescribedEmitterMXBean<T> extends StandardEmitterMBean {

    private final MBeanInfo info;

    public DescribedEmitterMXBean(T implementation, Class<T> type, NotificationEmitter emitter) {
        super(implementation, type, true, emitter);
        MBeanInfo described = new DescribedMXBean<>(implementation, type).getMBeanInfo();
        info = new MBeanInfo(
                described.getClassName(),
                described.getDescription(),
                described.getAttributes(),
                described.getConstructors(),
                described.getOperations(),
                emitter.getNotificationInfo(),
                described.getDescriptor());
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }

    @Override
    public Object invoke(String operation, Object[] params, String[] signature)
            throws MBeanException, ReflectionException {
        return DescribedMXBean.refusedOverJmx(() -> super.invoke(operation, params, signature));
    }
}
