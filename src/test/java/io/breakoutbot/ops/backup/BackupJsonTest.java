package io.breakoutbot.ops.backup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest and the state file stay byte for byte what docs/backup-format.md shows and what the hand-written
 * mapper before JSON-B wrote: the literals below are its output.
 */
class BackupJsonTest {

    static final String OLD_MANIFEST = """
            {"format":"breakout-backup","version":1,"created":"2026-11-29T04:00:00Z","host":"bot-1",\
            "archive":"bot_backup_20261129_040000.tar.gz","sources":[{"path":"/srv/ops/data","entry":"data","present":true},\
            {"path":"/srv/ops/.env","entry":".env","present":false}],"entries":[{"path":"data","type":"directory","size":0,\
            "mode":"0755","mtime":1764388800,"sha256":null,"target":null},{"path":"data/orders.db","type":"file",\
            "size":300000,"mode":"0640","mtime":1764388000,\
            "sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","target":null},\
            {"path":"data/current.db","type":"symlink","size":0,"mode":"0777","mtime":1764388000,"sha256":null,\
            "target":"orders.db"},{"path":"logs/journal \\"é\\"\\\\ \\u0001.log","type":"file","size":12,"mode":"0600",\
            "mtime":1764388001,"sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","target":null}],\
            "changed":["logs/general.log"],"skipped":["logs/general.log.gz.tmp: temp file"]}""";

    static final String OLD_STATE = """
            {"lastBackup":{"name":"bot_backup_20261129_040000.tar.gz.enc","created":"2026-11-29T04:00:00Z",\
            "archiveBytes":313420,"files":6,"bytes":511425,"durationMs":163,"changedFiles":["logs/general.log"],\
            "skipped":[],"verified":true},"lastVerify":{"name":"bot_backup_20261129_040000.tar.gz.enc","ok":true,\
            "checkedAt":"2026-11-29T04:00:01Z","durationMs":18,"entries":15,"bytes":511425,"firstBadEntry":"",\
            "message":"15 entries match"},"lastDrill":null,"verified":["bot_backup_20261129_040000.tar.gz.enc",\
            "bot_backup_20261128_040000.tar.gz"]}""";

    static final String OLD_STATE_WITH_DRILL = """
            {"lastBackup":null,"lastVerify":null,"lastDrill":{"name":"bot_backup_20261129_040000.tar.gz",\
            "date":"2026-11-29T05:00:00Z","ok":false,"durationMs":90,"files":0,"bytes":0,\
            "message":"entry data/x: \\"bad\\""},"verified":[]}""";

    @TempDir
    Path home;

    static InputStream in(String json) {
        return new ByteArrayInputStream(json.getBytes(UTF_8));
    }

    @Test
    void aManifestTheOldCodeWroteReadsAndWritesBackTheSameBytes() throws IOException {
        Manifest m = BackupJson.read(in(OLD_MANIFEST), Manifest.class);
        assertEquals("bot-1", m.host());
        assertFalse(m.sources().get(1).present());
        assertEquals(4, m.entries().size());
        assertNull(m.entries().get(0).sha256());
        assertEquals("orders.db", m.entries().get(2).target());
        assertEquals("logs/journal \"\u00e9\"\\ \u0001.log", m.entries().get(3).path());
        assertEquals(1764388001L, m.entries().get(3).mtime());
        assertEquals(OLD_MANIFEST, new String(BackupJson.write(m), UTF_8));
    }

    @Test
    void stateFilesTheOldCodeWroteLoadAndSaveBackTheSameBytes() throws IOException {
        for (String old : List.of(OLD_STATE, OLD_STATE_WITH_DRILL)) {
            Path file = Files.writeString(home.resolve("backup-state.json"), old);
            BackupState state = BackupState.load(file, BackupFixture.NOW);
            assertTrue(state.lastBackup() != null || state.lastDrill() != null, old);
            state.save(file);
            assertEquals(old, Files.readString(file));
        }
        BackupState state = BackupJson.read(in(OLD_STATE), BackupState.class);
        assertEquals(313420, state.lastBackup().archiveBytes());
        assertTrue(state.lastVerify().ok());
        assertNull(state.lastDrill());
        assertEquals(
                List.of("bot_backup_20261129_040000.tar.gz.enc", "bot_backup_20261128_040000.tar.gz"),
                state.verified());
    }

    /** Each stored record, written now, has its members in the order it declares its components. */
    @Test
    void membersComeInDeclarationOrder() throws IOException {
        Manifest m = BackupJson.read(in(OLD_MANIFEST), Manifest.class);
        BackupState state = BackupJson.read(in(OLD_STATE), BackupState.class);
        BackupState drill = BackupJson.read(in(OLD_STATE_WITH_DRILL), BackupState.class);
        for (Record r : List.of(
                m,
                m.sources().get(0),
                m.entries().get(1),
                state,
                state.lastBackup(),
                state.lastVerify(),
                drill.lastDrill())) {
            List<String> declared = Arrays.stream(r.getClass().getRecordComponents())
                    .map(c -> c.getName())
                    .toList();
            assertEquals(
                    declared, topLevelMembers(BackupJson.write(r)), r.getClass().getSimpleName());
        }
    }

    static List<String> topLevelMembers(byte[] json) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        try (JsonParser p = Json.createParser(new ByteArrayInputStream(json))) {
            while (p.hasNext()) {
                switch (p.next()) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case KEY_NAME -> {
                        if (depth == 1) {
                            names.add(p.getString());
                        }
                    }
                    default -> {}
                }
            }
        }
        return names;
    }

    static String refusal(String json, Class<? extends Record> type) {
        IOException e = assertThrows(IOException.class, () -> BackupJson.read(in(json), type));
        assertTrue(e.getMessage().startsWith("not valid JSON for " + type.getSimpleName() + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aMissingMemberAWrongTypeOrNoJsonIsAnIOException() {
        String missing = refusal(OLD_MANIFEST.replace("\"host\":\"bot-1\",", ""), Manifest.class);
        assertTrue(missing.contains("host"), missing);
        String missingInEntry = refusal(OLD_MANIFEST.replace(",\"target\":\"orders.db\"", ""), Manifest.class);
        assertTrue(missingInEntry.contains("target"), missingInEntry);
        refusal(OLD_MANIFEST.replace("\"version\":1", "\"version\":\"one\""), Manifest.class);
        refusal(OLD_MANIFEST.replace("\"size\":300000", "\"size\":null"), Manifest.class);
        refusal(OLD_STATE.replace("\"verified\":[", "\"verified\":null,\"x\":["), BackupState.class);
        refusal("{not json", BackupState.class);
        refusal("[]", BackupState.class);
    }
}
