package io.breakoutbot.ops.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.logs.LineLevel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogRuleTest {

    static final String EXCHANGE = "exchange-disconnect: level>=ERROR message~\"(?i)exchange.*disconnect\"";
    static final String BURST = "error-burst: level>=ERROR rate>10/1m";

    @Test
    void theIssuesTwoRulesParseAsWritten() {
        List<LogRule> rules = LogRule.parseAll(EXCHANGE + "; " + BURST);

        assertEquals(2, rules.size());
        LogRule exchange = rules.get(0);
        assertEquals("exchange-disconnect", exchange.name());
        assertEquals(LineLevel.ERROR, exchange.level());
        assertFalse(exchange.exact());
        assertEquals("(?i)exchange.*disconnect", exchange.message().pattern());
        assertNull(exchange.window());
        assertEquals(Duration.ofMinutes(5), exchange.quiet());
        assertEquals(Severity.CRITICAL, exchange.severity());
        assertNull(exchange.file());
        assertEquals(EXCHANGE, exchange.text());
        assertTrue(exchange.matches(LineLevel.CRITICAL, "Exchange binance DISCONNECTED"));
        assertFalse(exchange.matches(LineLevel.WARN, "exchange disconnected"));
        assertFalse(exchange.matches(null, "exchange disconnected"));

        LogRule burst = rules.get(1);
        assertEquals("error-burst", burst.name());
        assertEquals(LineLevel.ERROR, burst.level());
        assertNull(burst.message());
        assertEquals(10, burst.over());
        assertEquals(Duration.ofMinutes(1), burst.window());
    }

    @Test
    void everyTermInAnyOrderAndQuotesThatHoldSemicolonsAndSpaces() {
        LogRule rule = LogRule.parse(
                "orders.v2: severity=warning  quiet=30s file~\"bot*.log\" message~\"a; b \\\"c\\\" \\d+\" level=WARNING");

        assertEquals(Severity.WARNING, rule.severity());
        assertEquals(Duration.ofSeconds(30), rule.quiet());
        assertEquals(LineLevel.WARN, rule.level());
        assertTrue(rule.exact());
        assertEquals("a; b \\\"c\\\" \\d+", rule.message().pattern());
        assertTrue(rule.matches(LineLevel.WARN, "x a; b \"c\" 42"));
        assertFalse(rule.matches(LineLevel.ERROR, "x a; b \"c\" 42"), "level= is exact");
        assertTrue(rule.appliesTo("bot.log"));
        assertTrue(rule.appliesTo("bot-exchange.log"));
        assertFalse(rule.appliesTo("general.log"));
        assertEquals(
                2,
                LogRule.parseAll("a: level>=INFO message~\";\" ; b: level>=ERROR;")
                        .size());
        assertEquals(List.of(), LogRule.parseAll(""));
        assertEquals(List.of(), LogRule.parseAll(" ; "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "level>=ERROR|rule 'level>=ERROR' needs a name and a colon first",
                "Exchange: level>=ERROR|the name 'Exchange' must be lower-case",
                "x: |rule 'x': needs a level>= (or level=) or a message~ term",
                "x: message~\"(unclosed\"|rule 'x': the regex \"(unclosed\" does not compile: Unclosed group",
                "x: message~\"open|rule 'x': the quote after message~ is not closed",
                "x: level>=LOUD|rule 'x': unknown level 'LOUD'",
                "x: level>ERROR|rule 'x': 'level>ERROR' is not a term",
                "x: level>=ERROR level>=WARN|rule 'x': 'level' is given twice",
                "x: level>=ERROR rate>ten/1m|rule 'x': rate>ten/1m must read rate>N/duration",
                "x: level>=ERROR rate>10/1y|rule 'x': rate>10/1y: '1y' is not a duration",
                "x: level>=ERROR rate>10/2d|rule 'x': rate>10/2d: the duration must be from 1s to 1d",
                "x: level>=ERROR rate>100001/1m|rule 'x': rate>100001/1m: N must be from 0 to 100000",
                "x: level>=ERROR quiet=0s|rule 'x': quiet=0s: '0s' is not a duration",
                "x: level>=ERROR severity=page|rule 'x': severity must be warning or critical",
                "x: level>=ERROR colour=red|rule 'x': 'colour=red' is not a term",
                "x: level>=ERROR file~\"../x.log\"|rule 'x': file~\"../x.log\" must be a file name pattern",
                "x: level>=ERROR file~\"[x\"|rule 'x': file~\"[x\" is not a glob",
                "x: message~\"a\"b|rule 'x': a space must follow the closing quote",
            })
    void aMalformedRuleSaysWhichAndWhat(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogRule.parseAll(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void namesAreUnique() {
        assertEquals(
                "rule 'a' is defined twice; names are unique",
                assertThrows(IllegalArgumentException.class, () -> LogRule.parseAll("a: level>=ERROR; a: level>=WARN"))
                        .getMessage());
    }
}
