package io.breakoutbot.ops.jmx;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.security.AccessController;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.NotificationEmitter;
import javax.management.ObjectName;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration bookkeeping for our MXBeans in the platform MBean server, the one JConsole and VisualVM
 * see. Keeps the name the server returned, and replaces a stale registration left by an earlier
 * deployment in the same JVM rather than failing with {@code InstanceAlreadyExistsException}.
 */
public final class MBeans {

    private static final Logger LOG = LoggerFactory.getLogger(MBeans.class);

    /**
     * {@code Subject.current()}, which Java 18 added; null on Java 17. We compile for 17, but from Java 24
     * {@code Subject.getSubject} throws, and the JMX connector hands the caller's subject only to
     * {@code current()}.
     */
    private static final MethodHandle CURRENT_SUBJECT = currentSubjectMethod();

    private MBeans() {}

    /** @return the name to pass to {@link #unregister} */
    public static <T> ObjectName register(String name, T implementation, Class<T> type) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName wanted = new ObjectName(name);
            if (server.isRegistered(wanted)) {
                LOG.warn("Replacing {} left registered by an earlier deployment", wanted);
                server.unregisterMBean(wanted);
            }
            Object mbean = implementation instanceof NotificationEmitter emitter
                    ? new DescribedEmitterMXBean<>(implementation, type, emitter)
                    : new DescribedMXBean<>(implementation, type);
            return server.registerMBean(mbean, wanted).getObjectName();
        } catch (JMException e) {
            throw new IllegalStateException("Cannot register MBean " + name + ": " + e.getMessage(), e);
        }
    }

    /** The authenticated JMX user calling now, or {@code local} for calls from inside the JVM. */
    public static String caller() {
        Subject subject = currentSubject();
        if (subject == null) {
            return "local";
        }
        return subject.getPrincipals(JMXPrincipal.class).stream()
                .map(JMXPrincipal::getName)
                .findFirst()
                .orElse("jmx");
    }

    @SuppressWarnings("removal") // the only way on Java 17, which has no Subject.current()
    private static Subject currentSubject() {
        if (CURRENT_SUBJECT == null) {
            return Subject.getSubject(AccessController.getContext());
        }
        try {
            return (Subject) CURRENT_SUBJECT.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // current() declares no checked exception; invokeExact must say Throwable
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle currentSubjectMethod() {
        try {
            return MethodHandles.publicLookup()
                    .findStatic(Subject.class, "current", MethodType.methodType(Subject.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.warn("Could not unregister MBean {}: {}", name, e.getMessage());
        }
    }
}
