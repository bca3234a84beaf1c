package io.breakoutbot.ops.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Every error the container answers itself (a path nothing serves, a method the static pages do not take,
 * an exception no one caught): our JSON error instead of Payara's HTML report, which names the server.
 * web.xml makes it the application's default error page. Asked for directly, it is simply not found.
 */
public class ErrorPage extends HttpServlet {

    /** Where web.xml maps it. */
    public static final String PATH = "/error";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer c && c >= 400 && c <= 599 ? c : HttpServletResponse.SC_NOT_FOUND;
        // Only the status's own words: the container's message may carry an exception's text or a class name.
        new ErrorResponse(status, words(status), null).send(response);
    }

    static String words(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Credentials needed";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 408 -> "Request timeout";
            case 413 -> "Request too large";
            case 414 -> "URI too long";
            case 415 -> "Unsupported media type";
            case 429 -> "Too many requests";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Internal server error; the service's errors.log says more" : "Request refused";
        };
    }
}
