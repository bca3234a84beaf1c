package io.breakoutbot.ops.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * How passwords and tokens are stored and checked. A password is kept as PBKDF2-HMAC-SHA256 with a random
 * 16-byte salt and {@value #ITERATIONS} iterations (OWASP's figure for this algorithm), written as
 * {@code pbkdf2-sha256:<iterations>:<salt>:<hash>} (Base64). A token is 32 random bytes, so one SHA-256 is
 * enough: {@code token-sha256:<hash>}. Every comparison is constant-time.
 */
public final class Secrets {

    public static final int ITERATIONS = 210_000;
    static final String PASSWORD_PREFIX = "pbkdf2-sha256";
    static final String TOKEN_PREFIX = "token-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private Secrets() {}

    public static String hashPassword(String password) {
        return hashPassword(password, ITERATIONS);
    }

    /** With fewer iterations only in tests, which would otherwise spend seconds hashing. */
    static String hashPassword(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return PASSWORD_PREFIX + ":" + iterations + ":" + B64.encodeToString(salt) + ":"
                + B64.encodeToString(pbkdf2(password, salt, iterations));
    }

    public static String hashToken(String token) {
        return TOKEN_PREFIX + ":" + B64.encodeToString(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code password} is the one {@code stored} was made from; false for anything malformed. */
    public static boolean matchesPassword(String password, String stored) {
        String[] parts = stored.split(":");
        if (parts.length != 4 || !parts[0].equals(PASSWORD_PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] expected = B64D.decode(parts[3]);
            return iterations > 0
                    && MessageDigest.isEqual(expected, pbkdf2(password, B64D.decode(parts[2]), iterations));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    public static boolean matchesToken(String token, String stored) {
        return stored.startsWith(TOKEN_PREFIX + ":")
                && MessageDigest.isEqual(
                        hashToken(token).getBytes(StandardCharsets.US_ASCII),
                        stored.getBytes(StandardCharsets.US_ASCII));
    }

    static boolean isPasswordHash(String stored) {
        return stored.startsWith(PASSWORD_PREFIX + ":") && stored.split(":").length == 4;
    }

    static boolean isTokenHash(String stored) {
        return stored.startsWith(TOKEN_PREFIX + ":") && stored.split(":").length == 2;
    }

    /** 24 characters of A-Z, a-z, 0-9: about 143 bits. */
    public static String newPassword() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder password = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            password.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    /** {@code ops_} and 32 random bytes in URL-safe Base64: 256 bits, fit for an HTTP header as it is. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "ops_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java platform", e);
        } finally {
            spec.clearPassword();
        }
    }
}
