package io.breakoutbot.ops.security;

import io.breakoutbot.ops.api.ErrorResponse;
import io.breakoutbot.ops.security.AccessPolicy.Need;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Authorization for every request of the application: {@link AccessPolicy} says which role the request
 * needs, {@link OpsAuthentication} has said who is calling. Answers 429 (with {@code Retry-After}) to an
 * address that failed too often, 401 (with {@code WWW-Authenticate: Basic realm="breakout-ops"}) to wrong
 * or missing credentials, 403 to a user without the role, each as our JSON error. Mapped in web.xml after
 * {@code RequestLog}, so these answers are in api.log too. When the WAR is the root application, Payara
 * serves {@code /health} and {@code /metrics} inside it, and this filter guards them as well.
 */
public class AccessControl extends HttpFilter {

    static final String CHALLENGE = "Basic realm=\"breakout-ops\"";

    @Inject
    Logins logins;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Object retryAfter = request.getAttribute(OpsAuthentication.RETRY_AFTER);
        if (retryAfter != null) {
            response.setHeader("Retry-After", retryAfter.toString());
            refuse(
                    response,
                    429,
                    "Too many failed logins from " + request.getRemoteAddr() + "; try again in " + retryAfter + " s");
            return;
        }
        if (request.getAttribute(OpsAuthentication.FAILED) != null) {
            challenge(request, response);
            refuse(response, 401, "Wrong user name, password or token");
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Need need = logins.settings().policy().need(request.getMethod(), path);
        if (need == Need.NONE) {
            chain.doFilter(request, response);
        } else if (request.getAttribute(OpsAuthentication.TRUSTED_LOOPBACK) != null) {
            if (need == Need.READER) {
                chain.doFilter(request, response);
            } else {
                refuse(
                        response,
                        403,
                        "Requests from loopback without credentials may only read; " + request.getMethod()
                                + " needs an ops-admin user");
            }
        } else if (request.getUserPrincipal() == null) {
            challenge(request, response);
            refuse(
                    response,
                    401,
                    "Credentials needed: HTTP Basic or a bearer token of an ops-reader or ops-admin user");
        } else if (!request.isUserInRole(need == Need.ADMIN ? Role.ADMIN.label() : Role.READER.label())) {
            refuse(
                    response,
                    403,
                    "User " + request.getUserPrincipal().getName() + " may not " + request.getMethod() + " " + path
                            + "; that needs " + (need == Need.ADMIN ? Role.ADMIN : Role.READER).label());
        } else {
            chain.doFilter(request, response);
        }
    }

    /**
     * Browsers answer a Basic challenge with their own password dialog and hold the request meanwhile; a
     * script that says so ({@code X-Requested-With}, as the dashboard does) asks for credentials itself.
     */
    private static void challenge(HttpServletRequest request, HttpServletResponse response) {
        if (!"XMLHttpRequest".equalsIgnoreCase(request.getHeader("X-Requested-With"))) {
            response.setHeader("WWW-Authenticate", CHALLENGE);
        }
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        new ErrorResponse(status, message, null).send(response);
    }
}
