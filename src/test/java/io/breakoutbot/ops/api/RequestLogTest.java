package io.breakoutbot.ops.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestLogTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "level=ERROR&limit=10|level=ERROR&limit=10",
                "token=abc|token=***",
                "level=WARN&api_key=s3cr3t&q=x|level=WARN&api_key=***&q=x",
                "Password=hunter2|Password=***",
                "access_token=a&refresh_token=b|access_token=***&refresh_token=***",
            })
    void secretQueryValuesAreNeverLogged(String query, String logged) {
        assertEquals(logged, RequestLog.redact(query));
    }

    @org.junit.jupiter.api.Test
    void noQueryStaysNone() {
        assertNull(RequestLog.redact(null));
    }
}
