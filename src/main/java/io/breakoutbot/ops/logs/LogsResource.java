package io.breakoutbot.ops.logs;

import io.breakoutbot.ops.api.ErrorResponse;
import io.breakoutbot.ops.api.InvalidParameterException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /api/logs}: the entries of our logs and of other processes' logs in the log directory (the
 * bot's), newest first, from the active, rotated and gzipped files, paged by an opaque cursor that survives
 * rotations. Every parameter is checked and a bad one is a 400
 * naming it; none is ever used as a path. Cursors are signed with a key made at start-up, so a cursor from
 * before a restart is refused like a forged one.
 */
@Path("logs")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class LogsResource {

    /** Longest message or stack trace returned in full; a page of 1000 entries stays a few megabytes at most. */
    static final int MAX_TEXT = 16 * 1024;

    @Inject
    LogSettings settings;

    private LogSearch search;

    @PostConstruct
    void init() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        search = new LogSearch(settings.directory(), Clock.systemUTC(), ZoneId.systemDefault(), secret);
    }

    @GET
    @Operation(
            summary = "Log entries of this service and of other processes (the bot), newest first, across rotated"
                    + " and gzipped files")
    @APIResponse(
            responseCode = "200",
            description = "A page; nextCursor is null on the last",
            content = @Content(schema = @Schema(implementation = LogPage.class)))
    @APIResponse(
            responseCode = "400",
            description = "A parameter that cannot be used, named in the body",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public LogPage logs(
            @Parameter(
                            description = "A minimum level (WARN is WARN, ERROR and CRITICAL) or a comma list of"
                                    + " levels (INFO,ERROR); levels are TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL")
                    @QueryParam("level")
                    String level,
            @Parameter(
                            description = "Comma list of components: api, metrics, monitoring, audit, retention, ...;"
                                    + " another process's entries have their logger name as component")
                    @QueryParam("component")
                    String component,
            @Parameter(
                            description = "Comma list of logs: ops (ours), others (every other process's log) or a"
                                    + " log's name, e.g. bot.log or api.log (with its rotated files); default all")
                    @QueryParam("source")
                    String source,
            @Parameter(description = "Oldest entry, ISO-8601, e.g. 2026-11-28T03:00:00Z") @QueryParam("since")
                    String since,
            @Parameter(description = "Newest entry, ISO-8601") @QueryParam("until") String until,
            @Parameter(description = "Case-insensitive text the message contains") @QueryParam("q") String text,
            @Parameter(description = "Entries per page, 1 to 1000", schema = @Schema(defaultValue = "100"))
                    @QueryParam("limit")
                    @DefaultValue("100")
                    String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        try {
            LogQuery query = new LogQuery(
                    levels(level),
                    list(component),
                    list(source),
                    instant("since", since),
                    instant("until", until),
                    text,
                    limit(limit),
                    cursor);
            LogPage page = search.search(query);
            return new LogPage(
                    page.entries().stream().map(LogsResource::bounded).toList(), page.nextCursor(), page.filesRead());
        } catch (InvalidQueryException e) {
            throw new InvalidParameterException(parameterName(e.parameter()), e.getMessage());
        }
    }

    /** The query's field names, as the caller spelled them in the URL. */
    static String parameterName(String field) {
        return switch (field) {
            case "levels" -> "level";
            case "components" -> "component";
            case "sources" -> "source";
            case "text" -> "q";
            default -> field;
        };
    }

    private static Set<String> levels(String level) {
        if (level == null || level.isBlank()) {
            return Set.of();
        }
        return level.contains(",") ? list(level) : LogQuery.minimum(level.trim());
    }

    private static Set<String> list(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList());
    }

    private static Instant instant(String parameter, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException(
                    parameter, parameter + " must be an ISO-8601 time like 2026-11-28T03:00:00Z, not '" + text + "'");
        }
    }

    private static int limit(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidQueryException(
                    "limit", "limit must be a whole number from 1 to " + LogQuery.MAX_LIMIT + ", not '" + text + "'");
        }
    }

    private static LogEntry bounded(LogEntry e) {
        return new LogEntry(
                e.timestamp(),
                e.level(),
                e.component(),
                e.logger(),
                e.thread(),
                cut(e.message()),
                cut(e.stackTrace()),
                e.fields(),
                e.source());
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT
                ? text
                : text.substring(0, MAX_TEXT) + "... [" + (text.length() - MAX_TEXT) + " more characters]";
    }
}
