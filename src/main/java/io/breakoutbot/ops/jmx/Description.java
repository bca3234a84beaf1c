package io.breakoutbot.ops.jmx;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an MXBean attribute, operation or parameter means, as JConsole and VisualVM show it. On a
 * parameter, {@link #name} replaces the {@code p0}, {@code p1} JMX would show.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface Description {

    String value();

    /** For parameters: the name operators see. */
    String name() default "";
}
