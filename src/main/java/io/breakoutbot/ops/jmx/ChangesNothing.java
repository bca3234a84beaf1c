package io.breakoutbot.ops.jmx;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An MXBean operation that only reads: it changes no state, file, setting or record, starts no job, and
 * writes no audit entry. Its JMX impact is {@link javax.management.MBeanOperationInfo#INFO INFO}; every other
 * operation is {@link javax.management.MBeanOperationInfo#ACTION ACTION}, even when it also returns a
 * report, so a client that offers only INFO operations offers only harmless ones. The impact is advice to
 * clients: the JDK's access file still refuses every operation to a {@code readonly} user.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ChangesNothing {}
