package io.breakoutbot.ops.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HttpCredentialsTest {

    static String basic(String text) {
        return "Basic " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAndBearerAreRead() {
        UsernamePasswordCredential basic = (UsernamePasswordCredential) HttpCredentials.parse(basic("alice:pa:ss"));
        assertAll(
                () -> assertEquals("alice", basic.getCaller()),
                () -> assertEquals("pa:ss", basic.getPasswordAsString(), "a password may hold colons"),
                () -> assertEquals(new TokenCredential("ops_abc"), HttpCredentials.parse("Bearer ops_abc")),
                () -> assertEquals(new TokenCredential("ops_abc"), HttpCredentials.parse("bearer  ops_abc")));
    }

    @Test
    void malformedHeadersAreNoCredential() {
        assertAll(
                () -> assertNull(HttpCredentials.parse("Basic")),
                () -> assertNull(HttpCredentials.parse("Basic !!!")),
                () -> assertNull(HttpCredentials.parse(basic("no-colon"))),
                () -> assertNull(HttpCredentials.parse(basic(":empty-user"))),
                () -> assertNull(HttpCredentials.parse("Digest abc")),
                () -> assertNull(HttpCredentials.parse("Bearer ")));
    }

    @Test
    void theAuditedNameIsNeverASecret() {
        assertAll(
                () -> assertEquals("alice", HttpCredentials.claimedName(HttpCredentials.parse(basic("alice:secret")))),
                () -> assertEquals(
                        "(invalid name)",
                        HttpCredentials.claimedName(HttpCredentials.parse(basic("secret pasted here:x")))),
                () -> assertEquals(
                        "(bearer token)", HttpCredentials.claimedName(HttpCredentials.parse("Bearer ops_secret"))),
                () -> assertFalse(new TokenCredential("ops_secret").toString().contains("secret")));
    }
}
