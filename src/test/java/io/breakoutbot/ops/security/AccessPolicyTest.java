package io.breakoutbot.ops.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.breakoutbot.ops.security.AccessPolicy.Need;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    final AccessPolicy open = new AccessPolicy(true, true, true);
    final AccessPolicy closed = new AccessPolicy(false, false, false);

    @Test
    void byDefaultHealthProbesAndMetricsAreOpenAndTheRestOfTheApiNeedsAReader() {
        assertAll(
                () -> assertEquals(Need.NONE, open.need("GET", "/api/health")),
                () -> assertEquals(Need.NONE, open.need("GET", "/health/ready")),
                () -> assertEquals(Need.NONE, open.need("GET", "/health")),
                () -> assertEquals(Need.NONE, open.need("GET", "/metrics")),
                () -> assertEquals(Need.READER, open.need("GET", "/api/monitoring")),
                () -> assertEquals(Need.READER, open.need("GET", "/api/logs")),
                () -> assertEquals(Need.READER, open.need("HEAD", "/api/logs")),
                () -> assertEquals(Need.READER, open.need("GET", "/api/health/anything")),
                () -> assertEquals(Need.READER, open.need("GET", "/api")),
                () -> assertEquals(Need.READER, open.need("GET", "/api/no-such-thing")),
                () -> assertEquals(Need.NONE, open.need("GET", "/index.html")),
                () -> assertEquals(Need.NONE, open.need("GET", "/apiary")),
                () -> assertEquals(Need.NONE, open.need("GET", "/openapi")));
    }

    @Test
    void everyMethodThatIsNotAReadNeedsAnAdmin() {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "PROPFIND"}) {
            assertAll(
                    method,
                    () -> assertEquals(Need.ADMIN, open.need(method, "/api/maintenance/rotate")),
                    () -> assertEquals(Need.ADMIN, open.need(method, "/api/health")),
                    () -> assertEquals(Need.ADMIN, open.need(method, "/api/backups")));
        }
    }

    @Test
    void eachOpenEndpointCanBeClosed() {
        assertAll(
                () -> assertEquals(Need.READER, closed.need("GET", "/api/health")),
                () -> assertEquals(Need.READER, closed.need("GET", "/health/live")),
                () -> assertEquals(Need.READER, closed.need("GET", "/metrics")),
                () -> assertEquals(Need.READER, new AccessPolicy(true, true, false).need("GET", "/metrics/base")),
                () -> assertEquals(Need.NONE, new AccessPolicy(true, true, false).need("GET", "/health")));
    }
}
