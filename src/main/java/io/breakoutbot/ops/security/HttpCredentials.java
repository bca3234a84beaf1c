package io.breakoutbot.ops.security;

import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** Reads an {@code Authorization} header: {@code Basic base64(name:password)} or {@code Bearer token}. */
final class HttpCredentials {

    private HttpCredentials() {}

    /** The credential, or null when the header is of another scheme or malformed. */
    static Credential parse(String header) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
        String value = header.substring(space + 1).strip();
        if (scheme.equals("bearer")) {
            return value.isEmpty() || value.length() > 512 ? null : new TokenCredential(value);
        }
        if (!scheme.equals("basic")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || decoded.length() > 1024) {
            return null;
        }
        return new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** The name to audit for a failed login: the user name given, never a secret. */
    static String claimedName(Credential credential) {
        if (credential instanceof UsernamePasswordCredential password) {
            String name = password.getCaller();
            return User.NAME.matcher(name).matches() ? name : "(invalid name)";
        }
        return credential instanceof TokenCredential ? "(bearer token)" : "(malformed Authorization header)";
    }
}
