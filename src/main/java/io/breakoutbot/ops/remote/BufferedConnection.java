package io.breakoutbot.ops.remote;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

/**
 * The JDK's HttpURLConnection with a large buffer in front of its request body. The SDK copies a body into the
 * connection 4 KiB at a time and the JDK sends what it is given in 8 KiB writes, so a large upload costs a system
 * call (and, over TLS, a record) per 8 KiB; behind this buffer the socket gets {@value #BUFFER} bytes at a time. The
 * buffer is flushed before anything of the answer is read. Everything else goes to the JDK's connection unchanged.
 */
final class BufferedConnection extends HttpURLConnection {

    /** Bytes of request body collected before a write to the socket. */
    static final int BUFFER = 256 << 10;

    private final HttpURLConnection connection;
    private BufferedOutputStream body;

    private BufferedConnection(HttpURLConnection connection) {
        super(connection.getURL());
        this.connection = connection;
    }

    /** Connections to {@code uri} with this buffer, and the given timeouts whatever the SDK sets. */
    static UrlConnectionFactory factory(Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return uri -> {
            try {
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                c.setConnectTimeout(millis);
                c.setReadTimeout(millis);
                return new BufferedConnection(c);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open a connection to " + redacted(uri), e);
            }
        };
    }

    private static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** Sends what the buffer holds; the JDK then finishes the body itself when the answer is read. */
    private void flushBody() throws IOException {
        if (body != null) {
            body.flush();
        }
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (body == null) {
            body = new BufferedOutputStream(connection.getOutputStream(), BUFFER);
        }
        return body;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        flushBody();
        return connection.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        try {
            flushBody();
        } catch (IOException e) {
            // the answer, if any, says more than this
        }
        return connection.getErrorStream();
    }

    @Override
    public int getResponseCode() throws IOException {
        flushBody();
        return connection.getResponseCode();
    }

    @Override
    public String getResponseMessage() throws IOException {
        flushBody();
        return connection.getResponseMessage();
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        try {
            flushBody();
        } catch (IOException e) {
            // the JDK reports the failure when the answer is read
        }
        return connection.getHeaderFields();
    }

    @Override
    public String getHeaderField(String name) {
        try {
            flushBody();
        } catch (IOException e) {
            // the JDK reports the failure when the answer is read
        }
        return connection.getHeaderField(name);
    }

    @Override
    public String getHeaderField(int n) {
        return connection.getHeaderField(n);
    }

    @Override
    public String getHeaderFieldKey(int n) {
        return connection.getHeaderFieldKey(n);
    }

    @Override
    public long getContentLengthLong() {
        return connection.getContentLengthLong();
    }

    @Override
    public void connect() throws IOException {
        connection.connect();
    }

    @Override
    public void disconnect() {
        connection.disconnect();
    }

    @Override
    public boolean usingProxy() {
        return connection.usingProxy();
    }

    @Override
    public void setRequestMethod(String method) throws ProtocolException {
        connection.setRequestMethod(method);
    }

    @Override
    public String getRequestMethod() {
        return connection.getRequestMethod();
    }

    @Override
    public void setRequestProperty(String key, String value) {
        connection.setRequestProperty(key, value);
    }

    @Override
    public void addRequestProperty(String key, String value) {
        connection.addRequestProperty(key, value);
    }

    @Override
    public String getRequestProperty(String key) {
        return connection.getRequestProperty(key);
    }

    @Override
    public Map<String, List<String>> getRequestProperties() {
        return connection.getRequestProperties();
    }

    @Override
    public void setFixedLengthStreamingMode(long contentLength) {
        connection.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public void setFixedLengthStreamingMode(int contentLength) {
        connection.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public void setChunkedStreamingMode(int chunk) {
        connection.setChunkedStreamingMode(chunk);
    }

    @Override
    public void setInstanceFollowRedirects(boolean follow) {
        connection.setInstanceFollowRedirects(follow);
    }

    @Override
    public boolean getInstanceFollowRedirects() {
        return connection.getInstanceFollowRedirects();
    }

    @Override
    public void setDoOutput(boolean output) {
        connection.setDoOutput(output);
    }

    @Override
    public boolean getDoOutput() {
        return connection.getDoOutput();
    }

    @Override
    public void setDoInput(boolean input) {
        connection.setDoInput(input);
    }

    @Override
    public boolean getDoInput() {
        return connection.getDoInput();
    }

    @Override
    public void setUseCaches(boolean use) {
        connection.setUseCaches(use);
    }

    @Override
    public boolean getUseCaches() {
        return connection.getUseCaches();
    }

    /** The SDK's own timeouts (its defaults, with a factory) are not taken: the factory set the configured ones. */
    @Override
    public void setConnectTimeout(int timeout) {}

    @Override
    public int getConnectTimeout() {
        return connection.getConnectTimeout();
    }

    @Override
    public void setReadTimeout(int timeout) {}

    @Override
    public int getReadTimeout() {
        return connection.getReadTimeout();
    }
}
