package io.breakoutbot.ops.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.config.InvalidSettingException;
import io.breakoutbot.ops.remote.RemoteSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ops.remote keys: a bad one stops the start naming key and value (exit 78), never the first upload. */
class RemoteSettingsTest {

    @TempDir
    Path home;

    Path credentials;

    @BeforeEach
    void credentials() throws IOException {
        credentials = home.resolve("s3.credentials");
        Files.writeString(credentials, "[default]\naws_access_key_id = ops\naws_secret_access_key = secret\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    }

    Settings load(String... pairs) {
        Map<String, String> values = new HashMap<>();
        values.put("ops.home", home.toString());
        values.put("ops.remote.credentialsFile", credentials.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return Settings.load(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void noUrlNoRemote() {
        assertNull(load().remote());
    }

    @Test
    void aMinioBucketReadsAsWritten() {
        RemoteSettings remote = load(
                        "ops.remote.url", "s3://ops-backups/breakout/",
                        "ops.remote.endpoint", "http://127.0.0.1:9000",
                        "ops.remote.pathStyle", "true",
                        "ops.remote.host", "bot-1",
                        "ops.remote.keepLocal", "2")
                .remote();
        assertEquals("ops-backups", remote.bucket());
        assertEquals("breakout", remote.prefix());
        assertEquals("s3://ops-backups/breakout/bot-1/", remote.location());
        assertEquals("http://127.0.0.1:9000", remote.endpoint().toString());
        assertTrue(remote.pathStyle());
        assertEquals(2, remote.keepLocal());
        assertEquals(8 << 20, remote.partSize());
        assertEquals(100L << 20, remote.multipartThreshold());
        assertEquals(RemoteSettings.Drills.ALTERNATE, remote.drills());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ops.remote.url|https://bucket/prefix|Invalid setting ops.remote.url='https://bucket/prefix': must be an s3:// URL, e.g. s3://my-bucket/breakout-ops",
                "ops.remote.url|s3://Bad_Bucket|Invalid setting ops.remote.url='s3://Bad_Bucket': names the bucket 'Bad_Bucket', which is not an S3 bucket name (3 to 63 of a-z, 0-9, '.', '-')",
                "ops.remote.endpoint|ftp://store|Invalid setting ops.remote.endpoint='ftp://store': must be an http or https URL with a host, e.g. http://127.0.0.1:9000",
                "ops.remote.host|a/b|Invalid setting ops.remote.host='a/b': must be 1 to 63 of letters, digits, '.', '_' and '-'",
                "ops.remote.partSize|1MB|Invalid setting ops.remote.partSize='1MB': must be 5MB to 1GB",
                "ops.remote.multipartThreshold|6GB|Invalid setting ops.remote.multipartThreshold='6GB': must be at most 5GB, S3's limit for one PUT",
                "ops.remote.multipartThreshold|0MB|Invalid setting ops.remote.multipartThreshold='0MB': must be a size greater than zero in B, KB, MB or GB, like 10MB",
                "ops.remote.drills|sometimes|Invalid setting ops.remote.drills='sometimes': must be alternate, remote or local",
                "ops.remote.interval|1s|Invalid setting ops.remote.interval='1s': must be a duration from 10s to 1d with a unit (ms, s, m, h, d), like 5s",
            })
    void aBadValueStopsTheStartNamingKeyAndValue(String key, String value, String message) {
        String[] pairs = key.equals("ops.remote.url")
                ? new String[] {key, value}
                : new String[] {"ops.remote.url", "s3://ops-backups", key, value};
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> load(pairs));
        assertEquals(message, e.getMessage());
        assertEquals(key, e.key());
    }

    @Test
    void aCredentialsFileOthersCanReadIsRefused() throws IOException {
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> load("ops.remote.url", "s3://ops-backups"));
        assertEquals("ops.remote.credentialsFile", e.key());
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void aCredentialsFileWithoutKeysIsRefused() throws IOException {
        Files.writeString(credentials, "[other]\naws_access_key_id = x\n");
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> load("ops.remote.url", "s3://ops-backups"));
        assertEquals("ops.remote.credentialsFile", e.key());
        assertTrue(e.getMessage().contains("[default]"), e.getMessage());
    }
}
