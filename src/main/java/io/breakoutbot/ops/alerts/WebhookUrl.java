package io.breakoutbot.ops.alerts;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
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
 * name re-pointed in between. Redirects are never followed.
 */
public final class WebhookUrl {

    public static final String ALLOW_PRIVATE_KEY = "ops.alerts.allowPrivateTargets";

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal");
    /** After the host: the first path segment, the rest of the path, the query, the fragment. */
    private static final Pattern AFTER_HOST = Pattern.compile("(/[^/?#]*)?(/[^?#]*)?(\\?[^#]*)?(#.*)?", Pattern.DOTALL);

    private WebhookUrl() {}

    /**
     * @return the URL, parsed
     * @throws IllegalArgumentException naming the URL (credentials masked) and why it is refused
     */
    public static URI validate(String url, boolean allowPrivate) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("A webhook URL is required; got an empty one.");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw refused(url, "it is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw refused(url, "it is not absolute; give it as http://host/... or https://host/...");
        }
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            throw refused(url, "only http and https are allowed, not " + scheme);
        }
        String authority = uri.getRawAuthority();
        if (uri.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
            throw refused(url, "it carries credentials before the host; give the receiver a token another way");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw refused(url, "it has no valid host name");
        }
        String name = host.toLowerCase(Locale.ROOT);
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (METADATA_NAMES.contains(name)) {
            throw refused(url, name + " is a cloud metadata service");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw refused(url, "its host " + host + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            String why = forbidden(address, allowPrivate);
            if (why != null) {
                throw refused(url, "its host " + host + " resolves to " + address.getHostAddress() + ", " + why);
            }
        }
        return uri;
    }

    /** Why this address may not receive webhooks, or null when it may. */
    static String forbidden(InetAddress address, boolean allowPrivate) {
        if (address instanceof Inet6Address v6) {
            for (Inet4Address inner : embedded(v6)) {
                String why = forbidden(inner, allowPrivate);
                if (why != null) {
                    return why + ", carried in " + v6.getHostAddress();
                }
            }
        }
        byte[] b = address.getAddress();
        String text = address.getHostAddress();
        if (text.equals("100.100.100.200")
                || (address instanceof Inet6Address && text.equals("fd00:ec2:0:0:0:0:0:254"))) {
            return "a cloud metadata address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata services answer";
        }
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && b[0] == 0)) {
            return "an unspecified address (0.0.0.0/8, ::)";
        }
        if (address.isMulticastAddress() || text.equals("255.255.255.255")) {
            return "a multicast or broadcast address";
        }
        if (!allowPrivate && address.isLoopbackAddress()) {
            return "a loopback address; set " + ALLOW_PRIVATE_KEY + "=true to allow it";
        }
        if (!allowPrivate
                && (address.isSiteLocalAddress() || (address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc))) {
            return "a private address (10/8, 172.16/12, 192.168/16, fc00::/7); set " + ALLOW_PRIVATE_KEY
                    + "=true to allow it";
        }
        if (!allowPrivate && address instanceof Inet4Address && b[0] == 100 && (b[1] & 0xc0) == 64) {
            return "a carrier-grade NAT address (100.64.0.0/10); set " + ALLOW_PRIVATE_KEY + "=true to allow it";
        }
        return null;
    }

    /**
     * The IPv4 addresses an IPv6 address carries, which a translator or tunnel on the way may turn into the
     * real destination: IPv4-compatible {@code ::a.b.c.d} (not {@code ::} and {@code ::1}, which are
     * themselves), NAT64 {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}, 6to4 {@code 2002::/16}, and
     * Teredo {@code 2001::/32} (its server, and its client, stored inverted).
     */
    static List<Inet4Address> embedded(Inet6Address v6) {
        byte[] b = v6.getAddress();
        List<Inet4Address> inner = new ArrayList<>();
        boolean zeroPrefix = true;
        for (int i = 0; i < 12; i++) {
            zeroPrefix &= b[i] == 0;
        }
        if (zeroPrefix && !v6.isLoopbackAddress() && !v6.isAnyLocalAddress()) {
            inner.add(ipv4(b[12], b[13], b[14], b[15]));
        }
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        if (nat64) {
            inner.add(ipv4(b[12], b[13], b[14], b[15]));
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            inner.add(ipv4(b[2], b[3], b[4], b[5]));
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            inner.add(ipv4(b[4], b[5], b[6], b[7]));
            inner.add(ipv4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]));
        }
        return inner;
    }

    private static Inet4Address ipv4(byte a, byte b, byte c, byte d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("four bytes always make an IPv4 address", impossible);
        }
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

    private static IllegalArgumentException refused(String url, String reason) {
        return new IllegalArgumentException("The webhook URL " + masked(url) + " is refused: " + reason + ".");
    }
}
