package io.breakoutbot.ops.remote;

import java.io.IOException;

/** A remote operation failed; the message is one sentence for an operator, naming the setting or the failure. */
public final class RemoteException extends IOException {

    private static final long serialVersionUID = 1L;

    public RemoteException(String message, Throwable cause) {
        super(message, cause);
    }

    public RemoteException(String message) {
        super(message);
    }
}
