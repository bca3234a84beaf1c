package io.breakoutbot.ops.alerts;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which webhook targets are refused, and why. Literal addresses only: no DNS, no connection. */
class WebhookUrlTest {

    static String refusal(String url, boolean allowPrivate) {
        return assertThrows(IllegalArgumentException.class, () -> WebhookUrl.validate(url, allowPrivate))
                .getMessage();
    }

    @Test
    void aPublicHttpsAddressIsAccepted() {
        URI uri = WebhookUrl.validate("https://93.184.216.34/hooks/ops?team=bot", false);

        assertEquals("93.184.216.34", uri.getHost());
        assertEquals("https", uri.getScheme());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://[2002:5db8:d822::1]/hook",
                "http://[64:ff9b::5db8:d822]/hook",
                "http://[2001:0:4136:e378:8000:63bf:a247:27dd]/hook",
                "http://100.128.0.1/hook"
            })
    void translatedPublicAddressesAreAccepted(String url) {
        assertEquals(url, WebhookUrl.validate(url, false).toString());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ftp://93.184.216.34/hook            | only http and https are allowed, not ftp",
                "file:///etc/passwd                  | only http and https are allowed, not file",
                "/hooks/ops                          | not absolute",
                "http://93.184.216.34 bad/           | not a valid URL",
                "http:///hook                        | no valid host",
                "http://169.254.169.254/latest/meta-data/ | resolves to 169.254.169.254, a link-local address",
                "http://[fe80::1]/hook               | a link-local address",
                "http://[::ffff:169.254.169.254]/    | a link-local address",
                "http://metadata.google.internal/computeMetadata/v1/ | metadata.google.internal is a cloud metadata service",
                "http://METADATA.google.internal./   | metadata.google.internal is a cloud metadata service",
                "http://[fd00:ec2::254]/             | a cloud metadata address",
                "http://0.0.0.0:8080/                | an unspecified address",
                "http://224.0.0.1/                   | a multicast or broadcast address",
                "http://[::169.254.169.254]/         | a link-local address",
                "http://[64:ff9b::a9fe:a9fe]/        | a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata services answer, carried in 64:ff9b",
                "http://[64:ff9b:1::a9fe:a9fe]/      | a link-local address",
                "http://[2002:a9fe:a9fe::1]/         | a link-local address",
                "http://[2001:0:4136:e378:8000:63bf:5601:5601]/ | a link-local address",
                "http://[2001:0:a9fe:a9fe:8000:63bf:3fd5:2a5c]/ | a link-local address",
                "http://[64:ff9b::6464:64c8]/        | a cloud metadata address",
            })
    void refusedEvenWhenPrivateTargetsAreAllowed(String url, String reason) {
        String message = refusal(url, true);

        assertTrue(message.startsWith("The webhook URL " + WebhookUrl.masked(url) + " is refused: "), message);
        assertTrue(message.contains(reason), message);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:9093/hook",
                "http://127.1.2.3/",
                "http://[::1]/",
                "http://10.0.0.1/",
                "http://172.16.5.4/",
                "http://192.168.1.10/",
                "http://[fd12:3456::1]/",
                "http://100.64.0.1/",
                "http://100.127.255.254/",
                "http://[64:ff9b::7f00:1]/",
                "http://[2002:7f00:1::]/",
                "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
                "http://[64:ff9b::a00:1]/",
                "http://[2002:c0a8:10a::]/"
            })
    void loopbackAndPrivateOnlyWhenAllowed(String url) {
        String message = refusal(url, false);

        assertTrue(message.contains("set " + WebhookUrl.ALLOW_PRIVATE_KEY + "=true"), message);
        assertEquals(url, WebhookUrl.validate(url, true).toString());
    }

    @Test
    void credentialsAreRefusedAndNotRepeated() {
        String message = refusal("https://ops:s3cret@93.184.216.34/hook", true);

        assertTrue(message.contains("carries credentials"), message);
        assertTrue(message.contains("https://***@93.184.216.34/hook"), message);
        assertFalse(message.contains("s3cret"), message);
    }

    @Test
    void refusalsShowWhereNotTheToken() {
        String privateTarget = refusal("http://10.0.0.1/services/T000/B000/SECRET?token=abc#frag", false);
        String unparseable = refusal("https://hooks.example/ services/T000/SECRET", true);

        assertAll(
                () -> assertTrue(
                        privateTarget.startsWith("The webhook URL http://10.0.0.1/services/…?…#… is refused: "),
                        privateTarget),
                () -> assertTrue(
                        unparseable.startsWith("The webhook URL https://hooks.example/ services/… is refused: "),
                        unparseable),
                () -> assertFalse(privateTarget.contains("SECRET") || privateTarget.contains("abc"), privateTarget),
                () -> assertFalse(unparseable.contains("SECRET"), unparseable));
    }

    @Test
    void logsShowWhereNotTheSecret() {
        assertEquals(
                "https://hooks.slack.com/services/…",
                WebhookUrl.forLog(URI.create("https://hooks.slack.com/services/T000/B000/XXXXXXXX")));
        assertEquals(
                "http://127.0.0.1:9093/hook?…", WebhookUrl.forLog(URI.create("http://127.0.0.1:9093/hook?token=x")));
        assertEquals("http://127.0.0.1:9093/hook", WebhookUrl.forLog(URI.create("http://127.0.0.1:9093/hook")));
    }

    @Test
    void anEmptyUrlIsRefused() {
        assertTrue(refusal(" ", true).contains("required"));
        assertTrue(refusal(null, true).contains("required"));
    }

    @Test
    void aListedWebhookShowsNoTokenAndStillSelectsItsUrl() {
        List<String> configured = List.of(
                "https://hooks.example/services/T000/B000/XXXXSECRET",
                "https://other.example/api/v2/alerts?token=SECRET");

        List<String> shown = configured.stream().map(WebhookUrl::forLog).toList();

        assertAll(
                () -> assertEquals(List.of("https://hooks.example/services/…", "https://other.example/api/…?…"), shown),
                () -> assertTrue(shown.stream().noneMatch(u -> u.contains("SECRET")), shown::toString),
                () -> assertEquals(Optional.of(configured.get(0)), WebhookUrl.select(configured, shown.get(0))),
                () -> assertEquals(Optional.of(configured.get(1)), WebhookUrl.select(configured, configured.get(1))),
                () -> assertEquals(Optional.empty(), WebhookUrl.select(configured, "https://nowhere.example/")));
    }

    @Test
    void aMaskedFormThatStandsForSeveralUrlsIsRefused() {
        List<String> configured = List.of("https://hooks.example/services/A/1", "https://hooks.example/services/B/2");

        String message = assertThrows(
                        IllegalArgumentException.class,
                        () -> WebhookUrl.select(configured, "https://hooks.example/services/…"))
                .getMessage();

        assertEquals(
                "https://hooks.example/services/… stands for 2 webhooks; give the full URL of the one to remove.",
                message);
    }
}
