package io.breakoutbot.ops.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes one api.log line per {@code /api/*} request: method, path, query, status, duration in
 * milliseconds and remote address. Headers are never logged (they carry credentials), and query values
 * whose names suggest a secret are replaced by {@code ***}. Each request gets a {@code requestId} (the
 * caller's {@code X-Request-Id} when it is sane) that is put in the MDC, so every line logged while
 * serving it carries the id, and returned in the response header.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class RequestLog extends HttpFilter {

    static final String REQUEST_ID = "X-Request-Id";

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SECRET_VALUE =
            Pattern.compile("(?i)((?:^|&)[^=&]*(?:token|passw|secret|key|auth|signature|credential)[^=&]*=)[^&]*");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        String id = request.getHeader(REQUEST_ID);
        if (id == null || !SANE_ID.matcher(id).matches()) {
            // Not UUID.randomUUID(): its shared SecureRandom serializes busy request threads, and a
            // request id needs to be unique, not unguessable.
            ThreadLocalRandom random = ThreadLocalRandom.current();
            id = new UUID(random.nextLong(), random.nextLong()).toString();
        }
        response.setHeader(REQUEST_ID, id);
        MDC.put("requestId", id);
        int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            String path = request.getRequestURI();
            LoggingEventBuilder line = LOG.atLevel(status >= 500 ? Level.WARN : Level.INFO)
                    .addKeyValue("method", request.getMethod())
                    .addKeyValue("path", path);
            if (request.getQueryString() != null) {
                line = line.addKeyValue("query", redact(request.getQueryString()));
            }
            line.addKeyValue("status", status)
                    .addKeyValue("durationMs", millis)
                    .addKeyValue("remote", request.getRemoteAddr())
                    .log("{} {} {} {}ms", request.getMethod(), path, status, millis);
            MDC.remove("requestId");
        }
    }

    static String redact(String query) {
        return query == null ? null : SECRET_VALUE.matcher(query).replaceAll("$1***");
    }
}
