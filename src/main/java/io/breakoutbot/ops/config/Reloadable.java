package io.breakoutbot.ops.config;

/**
 * A settings record read again from every source on each call, for the few settings that take effect
 * without a restart.
 *
 * @param <T> the settings record
 */
@FunctionalInterface
public interface Reloadable<T> {

    /** @throws InvalidSettingException naming the bad setting, when a source now holds one */
    T reload();
}
