package io.breakoutbot.ops.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses the service may send HTTP requests to, shared by the webhooks (alerts) and the bot's
 * health URL (bot). Link-local, unspecified, multicast, broadcast and cloud metadata addresses are always
 * refused: a metadata service hands out credentials to whoever asks from the host. Loopback and private
 * addresses only when the caller allows them.
 */
public final class TargetAddress {

    private TargetAddress() {}

    /**
     * An http or https URL with a host and no credentials before it, the shape every outgoing URL setting needs.
     *
     * @param example a valid value for the message, e.g. {@code http://127.0.0.1:9090}
     * @throws IllegalArgumentException with a sentence for an operator
     */
    public static URI httpUrl(String text, String example) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.isOpaque()) {
            throw new IllegalArgumentException("must be an http or https URL, like " + example);
        }
        if (uri.getRawUserInfo() != null
                || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new IllegalArgumentException("must not carry credentials before the host");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("has no valid host name");
        }
        return uri;
    }

    /**
     * Refuses a host that names a cloud metadata service or resolves to an address no request may go to;
     * loopback and private addresses pass.
     *
     * @param allowUnresolved whether a name that does not resolve passes (at start, before DNS is up)
     * @throws IllegalArgumentException with a sentence for an operator
     */
    public static void checkHost(URI uri, boolean allowUnresolved) {
        String host = uri.getHost();
        String name = host.toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
        if (name.equals("metadata.google.internal")) {
            throw new IllegalArgumentException("names a cloud metadata service");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            if (allowUnresolved) {
                return;
            }
            throw new IllegalArgumentException("has a host, " + host + ", that cannot be resolved");
        }
        for (InetAddress address : addresses) {
            String why = forbidden(address, true, "");
            if (why != null) {
                throw new IllegalArgumentException(
                        "has a host, " + host + ", that resolves to " + address.getHostAddress() + ", " + why);
            }
        }
    }

    /**
     * @param allowPrivate whether loopback, private and carrier-grade NAT addresses are allowed
     * @param allowKey     the setting that allows them, named in the refusal
     * @return why this address may not be a target, or null when it may
     */
    public static String forbidden(InetAddress address, boolean allowPrivate, String allowKey) {
        if (address instanceof Inet6Address v6) {
            for (Inet4Address inner : embedded(v6)) {
                String why = forbidden(inner, allowPrivate, allowKey);
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
            return "a loopback address; set " + allowKey + "=true to allow it";
        }
        if (!allowPrivate
                && (address.isSiteLocalAddress() || (address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc))) {
            return "a private address (10/8, 172.16/12, 192.168/16, fc00::/7); set " + allowKey + "=true to allow it";
        }
        if (!allowPrivate && address instanceof Inet4Address && b[0] == 100 && (b[1] & 0xc0) == 64) {
            return "a carrier-grade NAT address (100.64.0.0/10); set " + allowKey + "=true to allow it";
        }
        return null;
    }

    /**
     * The IPv4 addresses an IPv6 address carries, which a translator or tunnel on the way may turn into the
     * real destination: IPv4-compatible {@code ::a.b.c.d} (not {@code ::} and {@code ::1}, which are
     * themselves), NAT64 {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}, 6to4 {@code 2002::/16}, and
     * Teredo {@code 2001::/32} (its server, and its client, stored inverted).
     */
    public static List<Inet4Address> embedded(Inet6Address v6) {
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
}
