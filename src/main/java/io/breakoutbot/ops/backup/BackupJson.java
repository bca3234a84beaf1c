package io.breakoutbot.ops.backup;

import jakarta.json.JsonException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON-B as the manifest and the state file use it (docs/backup-format.md): members in the order each record
 * declares its components (every stored record names that order in {@code @JsonbPropertyOrder}, because JSON-B
 * would sort them by name), null members written as {@code null}, and every member required on reading. Beyond
 * that JSON-B converts where it can (a string where a boolean belongs reads as false unless it is {@code "true"}):
 * only this package writes these files, and a manifest is compared with its archive's entries anyway.
 *
 * <p>The implementation is Payara's Yasson; outside Payara (tests, benches) it must be on the class path.
 * {@code jmx/opsctl} never gets here: its offline actions are the log ones, and online it only receives these
 * records over JMX, where the missing JSON-B annotations are ignored.
 */
final class BackupJson {

    /** Thread-safe and costly to build: one for the package. */
    private static final Jsonb JSONB =
            JsonbBuilder.create(new JsonbConfig().withNullValues(true).withCreatorParametersRequired(true));

    private BackupJson() {}

    /** @return UTF-8 JSON, no white space between tokens */
    static byte[] write(Record value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JSONB.toJson(value, out);
        return out.toByteArray();
    }

    /** @throws IOException when the text is not JSON, or a member is missing or of the wrong type */
    static <R extends Record> R read(InputStream in, Class<R> type) throws IOException {
        try {
            return JSONB.fromJson(in, type);
        } catch (JsonbException | JsonException e) {
            throw new IOException("not valid JSON for " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
