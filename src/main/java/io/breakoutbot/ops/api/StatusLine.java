package io.breakoutbot.ops.api;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Field;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives our answers the standard reason phrase where the container has none. Payara's Grizzly (6.2025.10)
 * knows no phrase for 429 and writes {@code HTTP/1.1 429 CUSTOM}, and Servlet 6 has no way left to set one.
 * Grizzly's own response can ({@code org.glassfish.grizzly.http.server.Response.setStatus(int, String)}); it
 * sits behind Payara's {@code ResponseFacade} (field {@code response}, a Catalina response whose
 * {@code getCoyoteResponse()} returns it), reached here by reflection since the WAR does not compile against
 * Payara's internals. On another container, or if that shape changes, the answer goes out with the
 * container's phrase, and the reason is logged once.
 */
final class StatusLine {

    /** The statuses we send that Grizzly has no reason phrase for, with RFC 6585's phrase. */
    static final Map<Integer, String> MISSING = Map.of(429, "Too Many Requests");

    private static final Logger LOG = LoggerFactory.getLogger(StatusLine.class);
    private static volatile boolean reported;

    private StatusLine() {}

    /** Call after {@code setStatus(status)} and before the body: a committed response keeps its line. */
    static void complete(HttpServletResponse response, int status) {
        String phrase = MISSING.get(status);
        if (phrase == null) {
            return;
        }
        ServletResponse inner = response;
        while (inner instanceof ServletResponseWrapper wrapper) {
            inner = wrapper.getResponse();
        }
        try {
            setOnGrizzly(inner, status, phrase);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!reported) {
                reported = true;
                LOG.warn(
                        "Cannot set the reason phrase '{}' on {}; {} answers keep the container's own: {}",
                        phrase,
                        inner.getClass().getName(),
                        status,
                        e.toString());
            }
        }
    }

    /** Payara's facade → its Catalina response → Grizzly's response, which writes the status line. */
    static void setOnGrizzly(Object facade, int status, String phrase) throws ReflectiveOperationException {
        Object catalina = field(facade.getClass(), "response").get(facade);
        Object grizzly = catalina.getClass().getMethod("getCoyoteResponse").invoke(catalina);
        grizzly.getClass().getMethod("setStatus", int.class, String.class).invoke(grizzly, status, phrase);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException notHere) {
                // declared higher up, if anywhere: keep looking
            }
        }
        throw new NoSuchFieldException(type.getName() + " has no field '" + name + "'");
    }
}
