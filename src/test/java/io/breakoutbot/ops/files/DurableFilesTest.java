package io.breakoutbot.ops.files;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesWholeWithTheModeAskedAndLeavesNoTempFile() throws IOException {
        Path file = Files.writeString(dir.resolve("users"), "old\n");
        DurableFiles.replace(
                file,
                dir.resolve("users.tmp"),
                "new\n".getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        assertAll(
                () -> assertEquals("new\n", Files.readString(file)),
                () -> assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file))),
                () -> assertFalse(Files.exists(dir.resolve("users.tmp"))));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTempFile() throws IOException {
        Path file = Files.writeString(dir.resolve("state.json"), "{\"old\":true}");
        Path temp = Files.createDirectory(dir.resolve("state.json.tmp")); // cannot be opened as a file
        Files.writeString(temp.resolve("inside"), "x");
        assertThrows(IOException.class, () -> DurableFiles.replace(file, temp, "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"old\":true}", Files.readString(file));
    }

    /** Root runs "sudo jmx/opsctl user add" for a service that runs as its own user: the file must stay its. */
    @Test
    void theNewFileKeepsTheOwnerOfTheOneItReplacesAndANewOneTakesItsDirectorys() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file away; CI runs as root");
        UserPrincipalLookupService names = dir.getFileSystem().getUserPrincipalLookupService();
        Path file = Files.writeString(dir.resolve("users"), "old\n");
        Files.setOwner(file, names.lookupPrincipalByName("nobody"));
        Files.getFileAttributeView(dir, PosixFileAttributeView.class)
                .setGroup(names.lookupPrincipalByGroupName("nogroup"));

        DurableFiles.replace(file, dir.resolve("users.tmp"), "new\n".getBytes(StandardCharsets.UTF_8));
        DurableFiles.replace(dir.resolve("fresh"), dir.resolve("fresh.tmp"), "x".getBytes(StandardCharsets.UTF_8));

        PosixFileAttributes replaced = Files.readAttributes(file, PosixFileAttributes.class);
        PosixFileAttributes fresh = Files.readAttributes(dir.resolve("fresh"), PosixFileAttributes.class);
        assertAll(
                () -> assertEquals("nobody", replaced.owner().getName()),
                () -> assertEquals("nogroup", fresh.group().getName()),
                () -> assertEquals("new\n", Files.readString(file)));
    }
}
