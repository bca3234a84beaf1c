package io.breakoutbot.ops.alerts;

import io.breakoutbot.ops.config.TargetAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a webhook URL may receive our notices. The service posts from inside the network, so a
 * URL an operator (or someone with JMX access) sets must not turn it into a probe of what only it can
 * reach: a cloud metadata service hands out credentials, a private address belongs to another service.
 *
 * <p>Always refused: schemes other than http and https, relative URLs, URLs without a host, credentials in
 * the URL ({@code user:password@}), the name {@code metadata.google.internal}, and any host that resolves,
 * even in part, to a link-local (169.254.0.0/16, fe80::/10), unspecified (0.0.0.0/8, ::), multicast or
 * broadcast address, or to a known metadata address (AWS fd00:ec2::254, Alibaba 100.100.100.200).
 * Refused unless private targets are allowed ({@value #ALLOW_PRIVATE_KEY}, default false): loopback
 * (127.0.0.0/8, ::1), private addresses (10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10) and carrier-grade
 * NAT (100.64.0.0/10). An IPv6 address that carries an IPv4 one (NAT64, 6to4, Teredo, IPv4-compatible) is
 * judged by what it carries too, since a translator on the way delivers there. Tests and
 * single-host set-ups, where the receiver runs on the same machine or LAN, need it true.
 *
 * <p>The check resolves the name when called; the HTTP client resolves it again when it connects, so
 * {@link WebhookSender} repeats the check before every delivery to narrow (not close) the window for a
 * name re-pointed in between. Redirects are never followed. A name that does not resolve is refused with
 * {@link UnresolvedHost}, which the senders retry (a lookup can fail for a while) and the start only warns
 * of for Alertmanagers; a literal address and a name that resolves are judged at once.
 */
public final class WebhookUrl {

    public static final String ALLOW_PRIVATE_KEY = "ops.alerts.allowPrivateTargets";

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal");
    /** After the host: the first path segment, the rest of the path, the query, the fragment. */
    private static final Pattern AFTER_HOST = Pattern.compile("(/[^/?#]*)?(/[^?#]*)?(\\?[^#]*)?(#.*)?", Pattern.DOTALL);

    private WebhookUrl() {}

    /**
     * The URL passed every check that needs no name lookup, but its host name does not resolve now; whether
     * it is allowed is known only once it does.
     */
    public static final class UnresolvedHost extends IllegalArgumentException {

        private final URI uri;

        UnresolvedHost(URI uri, String message) {
            super(message);
            this.uri = uri;
        }

        /** The URL, parsed. */
        public URI uri() {
            return uri;
        }
    }

    /**
     * @return the URL, parsed
     * @throws IllegalArgumentException naming the URL (credentials masked) and why it is refused;
     *     {@link UnresolvedHost} when only the name lookup failed
     */
    public static URI validate(String url, boolean allowPrivate) {
        return validate(url, allowPrivate, "webhook URL");
    }

    /**
     * The same checks for another kind of target, e.g. an Alertmanager.
     *
     * @param what what the URL is, for the refusal: {@code Alertmanager URL}
     */
    public static URI validate(String url, boolean allowPrivate, String what) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("A " + what + " is required; got an empty one.");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw refused(what, url, "it is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw refused(what, url, "it is not absolute; give it as http://host/... or https://host/...");
        }
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            throw refused(what, url, "only http and https are allowed, not " + scheme);
        }
        String authority = uri.getRawAuthority();
        if (uri.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
            throw refused(what, url, "it carries credentials before the host; give the receiver a token another way");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw refused(what, url, "it has no valid host name");
        }
        String name = host.toLowerCase(Locale.ROOT);
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (METADATA_NAMES.contains(name)) {
            throw refused(what, url, name + " is a cloud metadata service");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UnresolvedHost(
                    uri, "The " + what + " " + masked(url) + " is refused: its host " + host + " cannot be resolved.");
        }
        for (InetAddress address : addresses) {
            String why = forbidden(address, allowPrivate);
            if (why != null) {
                throw refused(what, url, "its host " + host + " resolves to " + address.getHostAddress() + ", " + why);
            }
        }
        return uri;
    }

    /** Why this address may not receive webhooks, or null when it may. */
    static String forbidden(InetAddress address, boolean allowPrivate) {
        return TargetAddress.forbidden(address, allowPrivate, ALLOW_PRIVATE_KEY);
    }

    /** The IPv4 addresses an IPv6 address carries; see {@link TargetAddress#embedded}. */
    static List<Inet4Address> embedded(Inet6Address v6) {
        return TargetAddress.embedded(v6);
    }

    /**
     * For logs: scheme, host, port and the first path segment, the rest elided, no query. Chat webhooks
     * (Slack, Discord) carry their secret in the path or query, and logs are read more widely than JMX.
     */
    static String forLog(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        int second = path.indexOf('/', 1);
        String shown = second < 0 || second == path.length() - 1 ? path : path.substring(0, second) + "/…";
        if (url.getRawQuery() != null) {
            shown += "?…";
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + shown;
    }

    /**
     * Which configured URL an operator means: the URL itself, or the masked form {@link #forLog} shows of it.
     *
     * @return the configured URL, or empty when none is meant
     * @throws IllegalArgumentException when the masked form stands for several configured URLs
     */
    static Optional<String> select(List<String> configured, String given) {
        String wanted = given == null ? "" : given.trim();
        if (configured.contains(wanted)) {
            return Optional.of(wanted);
        }
        List<String> matches = configured.stream()
                .filter(u -> forLog(URI.create(u)).equals(wanted))
                .toList();
        if (matches.size() > 1) {
            throw new IllegalArgumentException(
                    wanted + " stands for " + matches.size() + " webhooks; give the full URL of the one to remove.");
        }
        return matches.stream().findFirst();
    }

    /** {@link #forLog} of a configured URL, which {@link #validate} has already parsed once. */
    static String forLog(String configured) {
        return forLog(URI.create(configured));
    }

    /**
     * What a refusal or the audit trail may show of a URL that may not even parse: credentials as {@code ***},
     * and, as {@link #forLog} does, only the first path segment, since receivers put tokens in the rest.
     */
    static String masked(String url) {
        if (url == null) {
            return "null";
        }
        String text = url.trim().replaceFirst("(?<=://)[^/?#]*@", "***@");
        int authority = text.indexOf("://");
        int from = authority < 0 ? 0 : authority + 3;
        int pathStart = from;
        while (pathStart < text.length() && "/?#".indexOf(text.charAt(pathStart)) < 0) {
            pathStart++;
        }
        Matcher rest = AFTER_HOST.matcher(text.substring(pathStart));
        if (!rest.matches()) {
            return text.substring(0, pathStart) + "…";
        }
        String deeper = rest.group(2);
        return text.substring(0, pathStart)
                + (rest.group(1) == null ? "" : rest.group(1))
                + (deeper == null || deeper.equals("/") ? Objects.toString(deeper, "") : "/…")
                + (rest.group(3) == null ? "" : "?…")
                + (rest.group(4) == null ? "" : "#…");
    }

    private static IllegalArgumentException refused(String what, String url, String reason) {
        return new IllegalArgumentException("The " + what + " " + masked(url) + " is refused: " + reason + ".");
    }
}
