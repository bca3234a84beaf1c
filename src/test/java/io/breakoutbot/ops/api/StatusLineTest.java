package io.breakoutbot.ops.api;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The way to Grizzly's response, on stand-ins of the same shape as Payara's classes (checked with javap on
 * payara-micro 6.2025.10: {@code ResponseFacade.response}, {@code Response.getCoyoteResponse()},
 * {@code org.glassfish.grizzly.http.server.Response.setStatus(int, String)}); SecurityIT reads the real line.
 */
class StatusLineTest {

    /** Grizzly's response: what the status line is written from. */
    public static class Grizzly {
        int status;
        String reasonPhrase;

        public void setStatus(int status, String reasonPhrase) {
            this.status = status;
            this.reasonPhrase = reasonPhrase;
        }
    }

    /** Catalina's response. */
    public static class Catalina {
        final Grizzly grizzly = new Grizzly();

        public Grizzly getCoyoteResponse() {
            return grizzly;
        }
    }

    /** What the application is handed: the facade, whose field is not public. */
    static class Facade {
        protected Catalina response = new Catalina();
    }

    static class SubclassedFacade extends Facade {}

    @Test
    void reachesGrizzlysResponseThroughPayarasFacade() throws ReflectiveOperationException {
        Facade facade = new SubclassedFacade();

        StatusLine.setOnGrizzly(facade, 429, StatusLine.MISSING.get(429));

        assertAll(
                () -> assertEquals(429, facade.response.grizzly.status),
                () -> assertEquals("Too Many Requests", facade.response.grizzly.reasonPhrase));
    }

    @Test
    void anotherShapeIsRefusedWithoutSideEffects() {
        assertThrows(NoSuchFieldException.class, () -> StatusLine.setOnGrizzly(new Object(), 429, "Too Many Requests"));
    }
}
