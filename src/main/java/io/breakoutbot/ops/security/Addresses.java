package io.breakoutbot.ops.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What a remote address is. Only IP literals as the servlet container gives them ({@code getRemoteAddr()},
 * the peer of the TCP connection) are judged: a name is never looked up, and headers such as
 * {@code X-Forwarded-For}, which any client can write, are never consulted.
 */
final class Addresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

    private Addresses() {}

    /** 127.0.0.0/8, ::1 and the IPv4-mapped ::ffff:127.x.y.z; false for names and anything malformed. */
    public static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        String literal =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
            return false;
        }
        try {
            // a literal: getByName parses it without a lookup, and maps ::ffff:a.b.c.d to IPv4
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
