package io.breakoutbot.ops.logs;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns the {@link LogPosition} of the last entry of a page into the opaque {@code nextCursor} and back.
 * A cursor is base64url (no padding) of {@code version (1 byte) | timestamp (8) | segment (1) | hash (8) |
 * occurrence (4) | HMAC-SHA256 of those 22 bytes (32)}, 72 characters. The MAC keeps clients from
 * forging positions; it hides nothing (the timestamp can be decoded), and a cursor stays valid as long as
 * the secret does, across restarts and rotations.
 */
final class LogCursor {

    private static final byte VERSION = 1;
    private static final int PAYLOAD = 1 + 8 + 1 + 8 + 4;
    private static final int MAC_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";
    static final String NOT_OURS = "cursor is not one this server issued";

    private final SecretKeySpec key;

    LogCursor(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the cursor secret must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    String issue(LogPosition p) {
        ByteBuffer out = ByteBuffer.allocate(PAYLOAD + MAC_LENGTH);
        out.put(VERSION)
                .putLong(p.timestamp())
                .put((byte) p.segment())
                .putLong(p.hash())
                .putInt(p.occurrence());
        out.put(mac(Arrays.copyOf(out.array(), PAYLOAD)));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    }

    /** @throws InvalidQueryException on parameter {@code cursor} when the text is not a cursor issued with our secret */
    LogPosition read(String cursor) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("cursor", NOT_OURS);
        }
        if (raw.length != PAYLOAD + MAC_LENGTH) {
            throw new InvalidQueryException("cursor", NOT_OURS);
        }
        byte[] payload = Arrays.copyOf(raw, PAYLOAD);
        byte[] given = Arrays.copyOfRange(raw, PAYLOAD, raw.length);
        if (!MessageDigest.isEqual(mac(payload), given)) {
            throw new InvalidQueryException("cursor", NOT_OURS);
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        byte version = in.get();
        long timestamp = in.getLong();
        int segment = in.get();
        long hash = in.getLong();
        int occurrence = in.getInt();
        boolean knownSegment =
                (segment >= 0 && segment < LogSegment.values().length) || segment == LogPosition.OTHER_PROCESSES;
        if (version != VERSION || !knownSegment || occurrence < 0) {
            throw new InvalidQueryException("cursor", NOT_OURS);
        }
        return new LogPosition(timestamp, segment, hash, occurrence);
    }

    private byte[] mac(byte[] payload) {
        try {
            // A Mac is not thread-safe and cheap to make; searches run concurrently.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", e);
        }
    }
}
