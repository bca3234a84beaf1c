package io.breakoutbot.ops.remote;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.ItHome;
import io.breakoutbot.ops.PlainThreads;
import io.breakoutbot.ops.WebhookReceiver;
import io.breakoutbot.ops.audit.RecordedAudit;
import io.breakoutbot.ops.backup.BackupInfo;
import io.breakoutbot.ops.backup.BackupJobs;
import io.breakoutbot.ops.backup.BackupMXBean;
import io.breakoutbot.ops.backup.BackupSettings;
import io.breakoutbot.ops.backup.Backups;
import io.breakoutbot.ops.backup.DrillResult;
import io.breakoutbot.ops.backup.RestoreResult;
import io.breakoutbot.ops.backup.RetentionRules;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Off-host copies end to end: a real Payara Micro with the WAR copies to a real S3-compatible server (S3Proxy on
 * loopback), driven over JMX and REST as an operator would, checked by the bytes the server stores.
 */
@ExtendWith(ArquillianExtension.class)
class RemoteIT {

    static final String PREFIX = "it";
    static final String HOST = "it-alpha";

    static RealS3 s3;
    static WebhookReceiver receiver;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        Path home = ItHome.path();
        // a fresh server directory per run: the bucket is created empty at start
        s3 = new RealS3(Files.createTempDirectory(Files.createDirectories(home.getParent()), "it-s3-"));
        receiver = new WebhookReceiver();
        Path credentials = Files.createDirectories(home).resolve("s3.credentials");
        Files.writeString(
                credentials,
                "[default]\naws_access_key_id = " + s3.identity() + "\naws_secret_access_key = " + s3.secret() + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        ItHome.prepare(String.join(
                "\n",
                "ops.remote.url=s3://" + s3.bucket() + "/" + PREFIX,
                "ops.remote.endpoint=" + s3.endpoint(),
                "ops.remote.pathStyle=true",
                "ops.remote.credentialsFile=" + credentials,
                "ops.remote.host=" + HOST,
                "ops.remote.interval=10s",
                "ops.remote.keepLocal=1",
                "ops.remote.partSize=5MB",
                "ops.alerts.webhooks=" + receiver.url(),
                "ops.alerts.min-interval=1s",
                "ops.alerts.healthChecks=1",
                ""));
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ops.war")));
    }

    @AfterAll
    static void stopServers() {
        if (s3 != null) {
            s3.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @ArquillianResource
    URL deployed;

    JMXConnector admin;
    BackupMXBean backup;

    @BeforeEach
    void connect() throws Exception {
        admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD);
        backup = JMX.newMXBeanProxy(
                admin.getMBeanServerConnection(), new ObjectName(BackupMXBean.OBJECT_NAME), BackupMXBean.class);
        await("the remote is UP")
                .atMost(Duration.ofSeconds(90))
                .until(() -> "UP".equals(remoteComponent().getString("status")));
    }

    @AfterEach
    void close() throws IOException {
        admin.close();
    }

    @Test
    void aBackupIsCopiedOffTheHostTrimmedHereAndRestoredFromThere() throws Exception {
        String first = backup.backupNow().name();
        await("the first copy is verified in the bucket")
                .atMost(Duration.ofSeconds(60))
                .until(() -> verifiedRemotely(first));
        Path object = s3.objectFile(PREFIX + "/" + HOST + "/backups/" + first);
        assertEquals(
                Files.readString(ItHome.path().resolve("backups").resolve(first + ".sha256")),
                Files.readString(s3.objectFile(PREFIX + "/" + HOST + "/backups/" + first + ".sha256")));
        assertEquals(
                Files.readString(ItHome.path().resolve("backups").resolve(first + ".sha256"))
                        .split(" ")[0],
                RemoteCopiesTest.sha256(object));

        String second = backup.backupNow().name();
        await("the second copy is verified and the first local copy trimmed (keepLocal=1)")
                .atMost(Duration.ofSeconds(60))
                .until(() -> verifiedRemotely(second)
                        && !Files.exists(ItHome.path().resolve("backups").resolve(first)));
        assertTrue(Files.exists(object), "the remote copy stays");
        JsonObject offHost = get("api/backups").getJsonObject("offHost");
        assertEquals("s3://" + s3.bucket() + "/" + PREFIX + "/" + HOST + "/", offHost.getString("location"));
        assertEquals(second, offHost.getString("newestVerified"));

        Path target = Files.createTempDirectory(ItHome.path().getParent(), "it-remote-restore-");
        RestoreResult restored = backup.restoreFromRemote(first, target.toString(), false);

        assertTrue(restored.ok(), restored.message());
        assertArrayEquals(
                Files.readAllBytes(ItHome.path().resolve(".env")), Files.readAllBytes(target.resolve(".env")));
        assertTrue(Files.isDirectory(target.resolve("data")));
        DrillResult drill = backup.drillRemote();
        assertTrue(drill.ok(), drill.message());
        String metrics = text("/metrics?scope=application");
        // every remote series the deploy files use is served once a remote is configured
        for (String series : java.util.regex.Pattern.compile("ops_remote_[a-z_]+")
                .matcher(Files.readString(Path.of("deploy/prometheus/alerts.yml")))
                .results()
                .map(java.util.regex.MatchResult::group)
                .toList()) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith(series)), series + " is not served:\n" + metrics);
        }
    }

    @Test
    void refusedCredentialsDegradeHealthAndAlertWhileTheLocalBackupStays() throws Exception {
        String name = backup.backupNow().name();
        s3.acceptOnly("rotated-secret");
        try {
            await("the remote is DEGRADED")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> "DEGRADED".equals(remoteComponent().getString("status")));
            String message = remoteComponent().getString("reason");
            assertTrue(message.contains("403") && message.contains("credentials"), message);
            await("the remote.upload alert reaches the webhook")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !receiver.firing("metric", "remote.upload").isEmpty());
            assertTrue(Files.isRegularFile(ItHome.path().resolve("backups").resolve(name)));
            assertTrue(backup.getOffHost().lastFailure().contains("403"));
        } finally {
            s3.acceptOnly(s3.secret());
        }
        await("the remote recovers").atMost(Duration.ofSeconds(90)).until(() -> verifiedRemotely(name));
    }

    @Test
    void twoHostsShareTheBucketAndEachRestoresItsOwn() throws Exception {
        String mine = backup.backupNow().name();
        await().atMost(Duration.ofSeconds(60)).until(() -> verifiedRemotely(mine));
        // a second host: the same production code in this JVM, its own home and ops.remote.host
        Path beta = Files.createTempDirectory(ItHome.path().getParent(), "it-beta-");
        Files.createDirectories(beta.resolve("data"));
        Files.createDirectories(beta.resolve("logs"));
        Files.writeString(beta.resolve(".env"), "EXCHANGE_API_KEY=beta\n");
        BackupJobs jobs = new BackupJobs(
                new Backups(
                        BackupSettings.defaults(beta).withRetention(new RetentionRules(10, 0, 0, 0, 0)),
                        Clock.systemUTC(),
                        new PlainThreads()),
                new RecordedAudit(),
                Clock.systemUTC());
        Path credentials = ItHome.path().resolve("s3.credentials");
        RemoteSettings settings = new RemoteSettings(
                s3.bucket(),
                PREFIX,
                s3.endpoint(),
                "us-east-1",
                true,
                credentials,
                "it-beta",
                Duration.ofDays(8),
                0,
                RemoteSettings.MIN_PART,
                RemoteSettings.MIN_PART,
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                beta.resolve("state/remote-state.json"),
                RemoteSettings.Drills.ALTERNATE);
        try (RemoteCopies betaCopies = new RemoteCopies(
                settings,
                jobs,
                new RemoteCopies.LogArchives(beta.resolve("archives"), 10, 30),
                Clock.systemUTC(),
                new PlainThreads(),
                new RecordedAudit(),
                why -> {})) {
            jobs.offHost(betaCopies);
            String theirs = jobs.backup("it").name();
            assertTrue(betaCopies.sync().ok());

            List<String> alphaSees =
                    backup.listRemote().backups().stream().map(BackupInfo::name).toList();
            assertTrue(alphaSees.contains(mine));
            assertEquals(
                    List.of(theirs),
                    betaCopies.list().backups().stream().map(BackupInfo::name).toList());
            Path target = Files.createDirectories(beta.resolve("restored"));
            assertTrue(jobs.restoreFromRemote("it", theirs, target, false).ok());
            assertEquals("EXCHANGE_API_KEY=beta\n", Files.readString(target.resolve(".env")));
            assertTrue(backup.listRemote().directory().endsWith("/" + HOST + "/backups/"));
        }
    }

    boolean verifiedRemotely(String name) {
        return backup.listRemote().backups().stream().anyMatch(b -> b.name().equals(name) && b.verified());
    }

    JsonObject remoteComponent() throws IOException, InterruptedException {
        return get("api/health").getJsonArray("components").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("remote"))
                .findFirst()
                .orElseThrow();
    }

    JsonObject get(String path) throws IOException, InterruptedException {
        return ItHome.json(text(path));
    }

    String text(String path) throws IOException, InterruptedException {
        // a path with a leading slash is the server's (Payara's /metrics), else the application's
        URI uri = URI.create(
                "http://127.0.0.1:" + deployed.getPort() + (path.startsWith("/") ? "" : deployed.getPath()) + path);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
