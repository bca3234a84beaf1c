package io.breakoutbot.ops.jmx;

import javax.management.MBeanInfo;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;

/**
 * {@link DescribedMXBean} for an MXBean that also emits notifications: the same descriptions, plus the
 * emitter's notification types, so JConsole offers to subscribe.
 */
public class DescribedEmitterMXBean<T> extends StandardEmitterMBean {

    private final MBeanInfo info;

    public DescribedEmitterMXBean(T implementation, Class<T> type, NotificationEmitter emitter) {
        super(implementation, type, true, emitter);
        MBeanInfo described = new DescribedMXBean<>(implementation, type).getMBeanInfo();
        info = new MBeanInfo(described.getClassName(), described.getDescription(), described.getAttributes(),
                described.getConstructors(), described.getOperations(), emitter.getNotificationInfo(),
                described.getDescriptor());
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }
}
