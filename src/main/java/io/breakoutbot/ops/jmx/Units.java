package io.breakoutbot.ops.jmx;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;

/**
 * What a numeric MXBean attribute is measured in, published as the attribute's {@code units} descriptor
 * field ({@link javax.management.Descriptor}'s name for it, as in {@code "bytes"} or {@code "seconds"}), so a
 * JMX client can label and convert the value without reading the description. On the getter.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Units {

    /** Percent, 0 to 100, or percentage points. */
    String PERCENT = "percent";

    String BYTES = "bytes";

    String SECONDS = "seconds";

    String DAYS = "days";

    /** A number of things: threads, files, deliveries, samples. */
    String COUNT = "count";

    /** An identifier such as a process id: a number, but not a quantity. */
    String ID = "id";

    /** Every value {@link #value} may take. */
    Set<String> ALL = Set.of(PERCENT, BYTES, SECONDS, DAYS, COUNT, ID);

    /** One of {@link #ALL}. */
    String value();
}
