package io.breakoutbot.ops.cli;

/** A command line that does not parse, or asks an action for an option it does not take: exit 64 and the usage. */
final class UsageException extends IllegalArgumentException {

    UsageException(String message) {
        super(message);
    }
}
