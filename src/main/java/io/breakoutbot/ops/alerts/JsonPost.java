package io.breakoutbot.ops.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One JSON POST at a time over a plain {@link HttpURLConnection}, as {@link WebhookSender} and
 * {@link AlertmanagerSender} send: no redirects followed, no cache, a fixed length (so the JDK never re-sends the
 * POST on its own), the connection closed after the answer (a kept one would need the JDK's own keep-alive
 * thread). Used by one thread; {@link #abort} may come from another.
 */
final class JsonPost {

    /** Bytes of an error answer that are kept, for the log. */
    static final int ERROR_BODY_BYTES = 1024;

    /**
     * @param status    the HTTP status
     * @param errorBody for a status of 400 or more, the first {@value #ERROR_BODY_BYTES} bytes of the answer,
     *                  stripped; empty otherwise
     */
    record Answer(int status, String errorBody) {

        boolean accepted() {
            return status >= 200 && status < 300;
        }

        /** A 5xx or 429: the receiver may take it later. */
        boolean retryable() {
            return status == 429 || status >= 500;
        }

        /** {@code HTTP 400: <body>}, or {@code HTTP 503} when the answer had no body. */
        String describe() {
            return "HTTP " + status + (errorBody.isEmpty() ? "" : ": " + errorBody);
        }
    }

    /** No connection within the connect timeout, told apart from the wait for an answer (the same JDK type). */
    static final class NoConnection extends IOException {

        NoConnection(SocketTimeoutException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private volatile HttpURLConnection inFlight;

    JsonPost(DeliveryPolicy policy) {
        this.connectTimeout = policy.connectTimeout();
        this.requestTimeout = policy.requestTimeout();
    }

    /**
     * @param headers sent besides {@code Content-Type: application/json}
     * @throws NoConnection when no connection was made within the connect timeout
     * @throws SocketTimeoutException when connected but no answer came within the request timeout
     */
    Answer post(URI url, String json, Map<String, String> headers) throws IOException {
        URLConnection opened = url.toURL().openConnection();
        if (!(opened instanceof HttpURLConnection connection)) {
            throw new IOException("not an HTTP connection: " + opened.getClass().getName());
        }
        inFlight = connection;
        try {
            byte[] body = Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8);
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) requestTimeout.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "application/json");
            headers.forEach(connection::setRequestProperty);
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            try {
                connection.connect();
            } catch (SocketTimeoutException e) {
                throw new NoConnection(e);
            }
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            String error = "";
            if (status >= 400) {
                try (InputStream in = connection.getErrorStream()) {
                    if (in != null) {
                        error = new String(in.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8).strip();
                    }
                }
            }
            return new Answer(status, error);
        } finally {
            inFlight = null;
            connection.disconnect();
        }
    }

    /** Cuts the POST in progress, if any: a socket read does not heed an interrupt, closing the connection ends it. */
    void abort() {
        HttpURLConnection connection = inFlight;
        if (connection != null) {
            connection.disconnect();
        }
    }

    /** Why a POST that threw failed, for the log and {@link ReceiverState}: which timeout, or the exception. */
    String describe(IOException e) {
        if (e instanceof NoConnection) {
            return "no connection within " + connectTimeout.toMillis() + " ms";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + requestTimeout.toMillis() + " ms";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
