package io.breakoutbot.ops.logs;

import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.util.StatusPrinter;

/**
 * Prints logback's own warnings and errors (a file that cannot be opened, a compression that failed) to
 * standard error. They cannot go to our log files, which are what failed; standard error ends up in
 * Payara's console and the systemd journal.
 */
class ProblemsToStderr extends ContextAwareBase implements StatusListener {

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.WARN) {
            StringBuilder text = new StringBuilder();
            StatusPrinter.buildStr(text, "", status);
            System.err.print(text);
        }
    }

    @Override
    public boolean isResetResistant() {
        return false;
    }
}
