package io.breakoutbot.ops.security;

import jakarta.security.enterprise.credential.Credential;

/** A bearer token as it came in {@code Authorization: Bearer <token>}. */
public record TokenCredential(String token) implements Credential {

    @Override
    public String toString() {
        return "TokenCredential[***]"; // never the token, whatever prints it
    }
}
