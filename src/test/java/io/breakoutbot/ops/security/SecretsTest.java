package io.breakoutbot.ops.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void passwordHashIsSaltedPbkdf2AndMatchesOnlyItsPassword() {
        String stored = Secrets.hashPassword("correct horse battery", 1000);
        String[] parts = stored.split(":");
        assertAll(
                () -> assertEquals("pbkdf2-sha256", parts[0]),
                () -> assertEquals("1000", parts[1]),
                () -> assertFalse(stored.contains("correct horse")),
                () -> assertTrue(Secrets.matchesPassword("correct horse battery", stored)),
                () -> assertFalse(Secrets.matchesPassword("correct horse batterY", stored)),
                () -> assertFalse(Secrets.matchesPassword("", stored)),
                () -> assertNotEquals(stored, Secrets.hashPassword("correct horse battery", 1000), "random salt"));
    }

    @Test
    void defaultIterationsAreOwaspsFigure() {
        assertTrue(Secrets.hashPassword("x").startsWith("pbkdf2-sha256:210000:"));
    }

    @Test
    void malformedStoredHashesNeverMatch() {
        assertAll(
                () -> assertFalse(Secrets.matchesPassword("x", "pbkdf2-sha256:abc:AAAA:AAAA")),
                () -> assertFalse(Secrets.matchesPassword("x", "pbkdf2-sha256:0:AAAA:AAAA")),
                () -> assertFalse(Secrets.matchesPassword("x", "pbkdf2-sha256:1000:!!:AAAA")),
                () -> assertFalse(Secrets.matchesPassword("x", "x")),
                () -> assertFalse(Secrets.matchesToken("x", Secrets.hashPassword("x", 1000))));
    }

    @Test
    void tokensAreLongRandomAndStoredAsSha256() {
        String token = Secrets.newToken();
        String stored = Secrets.hashToken(token);
        assertAll(
                () -> assertTrue(token.matches("ops_[A-Za-z0-9_-]{43}"), token),
                () -> assertNotEquals(token, Secrets.newToken()),
                () -> assertTrue(stored.startsWith("token-sha256:")),
                () -> assertFalse(stored.contains(token.substring(4))),
                () -> assertTrue(Secrets.matchesToken(token, stored)),
                () -> assertFalse(Secrets.matchesToken(token + "x", stored)));
    }

    @Test
    void generatedPasswordsAre24Alphanumerics() {
        assertTrue(Secrets.newPassword().matches("[A-Za-z0-9]{24}"));
    }
}
