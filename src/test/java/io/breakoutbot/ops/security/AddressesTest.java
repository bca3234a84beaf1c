package io.breakoutbot.ops.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "[::1]", "::ffff:127.0.0.1"})
    void loopback(String address) {
        assertTrue(Addresses.isLoopback(address));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.1",
                "192.168.1.10",
                "0.0.0.0",
                "::",
                "fe80::1",
                "::ffff:10.0.0.1",
                "localhost",
                "127.0.0.1.example.com",
                "",
                "127.0.0.1, 10.0.0.1",
                "999.0.0.1"
            })
    void notLoopback(String address) {
        assertFalse(Addresses.isLoopback(address));
    }

    @org.junit.jupiter.api.Test
    void nullIsNotLoopback() {
        assertFalse(Addresses.isLoopback(null));
    }
}
