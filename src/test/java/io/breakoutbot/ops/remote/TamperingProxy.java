package io.breakoutbot.ops.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on loopback between a client and a plain-http server that records what the client sends and can flip
 * one bit of the first request's body on the first connection: a transfer corrupted on the way, as a bad NIC, a
 * broken middlebox or a bit flip in a buffer would, below anything TLS or TCP's checksum catches.
 */
final class TamperingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final URI target;
    private final long flipAt;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;
    private boolean first = true;

    /**
     * @param target the server, {@code http://host:port}
     * @param flipAt the offset in the first request's body of the byte whose lowest bit is flipped; -1 for none
     */
    TamperingProxy(URI target, long flipAt) throws IOException {
        this.target = target;
        this.flipAt = flipAt;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "tampering-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The endpoint to give the client. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** What clients sent, as ISO-8859-1 text (headers read as written, bodies byte for byte). */
    String sent() {
        synchronized (sent) {
            return sent.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                boolean tamper;
                synchronized (this) {
                    sockets.add(client);
                    sockets.add(upstream);
                    tamper = first && flipAt >= 0;
                    first = false;
                }
                pump(client.getInputStream(), upstream.getOutputStream(), true, tamper);
                pump(upstream.getInputStream(), client.getOutputStream(), false, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean record, boolean tamper) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[1 << 16];
                    int matched = 0; // of "\r\n\r\n", the end of the first request's headers
                    long body = -1;
                    try (in;
                            out) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            for (int i = 0; tamper && i < n; i++) {
                                if (body < 0) {
                                    byte b = buffer[i];
                                    matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
                                    if (matched == 4) {
                                        body = 0;
                                    }
                                } else if (body++ == flipAt) {
                                    buffer[i] ^= 1;
                                }
                            }
                            if (record) {
                                synchronized (sent) {
                                    sent.write(buffer, 0, n);
                                }
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // a side closed; the other side's pump ends too
                    }
                },
                "tampering-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (this) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
