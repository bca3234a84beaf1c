package io.breakoutbot.ops.health;

import io.breakoutbot.ops.api.ErrorResponse;
import io.breakoutbot.ops.security.OpsAuthentication;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/health}: UP, DEGRADED or DOWN (503), composed from state the background jobs keep, so it
 * never waits on a check. Readers (an {@code ops-reader} or {@code ops-admin} user, or loopback while it is
 * trusted) see the components and their reasons; others the status only.
 *
 * <p>A servlet rather than a JAX-RS resource because monitoring tools poll it hard, and Jersey's per-request
 * work (a resource instance, its injection, content negotiation) dominated the answer's cost
 * ({@code bench/query} compares the two with Payara's own {@code /health}). The exact
 * mapping wins over the JAX-RS application's {@code /api/*}; the request log and access control filters
 * apply as to every {@code /api} path. The OpenAPI scanner sees JAX-RS only, so the endpoint is described
 * in {@code META-INF/openapi.yaml}, which Payara merges into {@code /openapi}.
 */
@WebServlet(name = "health", urlPatterns = "/api/health")
public class HealthServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(HealthServlet.class);

    @Inject
    transient HealthService health;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthService.Answer answer;
        try {
            answer = health.answer();
        } catch (RuntimeException e) {
            LOG.error("Request failed", e);
            new ErrorResponse(500, "Internal error; see errors.log", null).send(response);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        write(
                response,
                answer.report().status() == Status.DOWN ? 503 : 200,
                OpsAuthentication.mayRead(request) ? answer.json() : answer.statusOnlyJson());
    }

    /** Anything but GET, HEAD and OPTIONS: our JSON error, not the container's HTML page. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> super.service(request, response);
            default -> {
                response.setHeader("Allow", "GET, HEAD, OPTIONS");
                new ErrorResponse(405, request.getMethod() + " is not allowed on /api/health; use GET", null)
                        .send(response);
            }
        }
    }

    private static void write(HttpServletResponse response, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
