package io.breakoutbot.ops.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.jmx.MBeans;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;

/** The Bot MXBean as a JMX client without our classes sees it: open types only. */
class JmxBotTest {

    @TempDir
    Path dir;

    final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name;

    @AfterEach
    void unregister() {
        MBeans.unregister(name);
    }

    @Test
    void stateIsCompositeDataAndOperationsWork() throws Exception {
        Path script = dir.resolve("restart.sh");
        Files.writeString(script, "#!/bin/sh\necho 'bot started'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path pid = Files.writeString(dir.resolve("bot.pid"), "not a pid\n");
        Bot bot = new Bot(
                BotSettings.off(dir).with(pid, null, new RestartCommand(List.of(script.toString()))),
                new SystemInfo(),
                Runnable::run,
                new Audit(LoggerFactory.getLogger("jmx-bot-test-audit")),
                new LoggedBotEvents(),
                new MutableClock(Instant.parse("2026-12-04T10:00:00Z")));
        name = MBeans.register(
                BotMXBean.OBJECT_NAME,
                new JmxBot(bot, Duration.ofSeconds(30), new Audit(LoggerFactory.getLogger("jmx-bot-test-audit"))),
                BotMXBean.class);

        CompositeData checked = (CompositeData) server.invoke(name, "checkNow", new Object[0], new String[0]);
        assertEquals("DOWN", checked.get("status"));
        assertEquals("the pid file " + pid + " holds no pid ('not a pid')", checked.get("reason"));
        assertEquals("2026-12-04T10:00:00Z", server.getAttribute(name, "LastCheck"));

        String restarted = (String) server.invoke(name, "restartNow", new Object[0], new String[0]);
        assertTrue(restarted.startsWith("Bot restarted: exit code 0 after "), restarted);
        assertTrue(restarted.endsWith("; output: bot started"), restarted);
        assertEquals(1L, server.getAttribute(name, "Restarts"));

        server.invoke(name, "pauseRestarts", new Object[0], new String[0]);
        assertEquals(true, server.getAttribute(name, "RestartsPaused"));
        CompositeData state = (CompositeData) server.getAttribute(name, "State");
        assertEquals("PAUSED_BY_OPERATOR", state.get("restartGuard"));
        assertEquals("bot started\n", state.get("lastRestartOutput"));

        String resumed = (String) server.invoke(name, "resumeRestarts", new Object[0], new String[0]);
        assertEquals(
                "Automatic restarts resumed. The bot: DOWN, the pid file " + pid + " holds no pid ('not a pid');"
                        + " restarted, failed checks not counted until 2026-12-04T10:00:30Z",
                resumed);
        assertEquals(false, server.getAttribute(name, "RestartsPaused"));
        assertEquals(
                "The Breakout Bot: is it alive and answering, its process figures, and its restarts",
                server.getMBeanInfo(name).getDescription());
    }
}
