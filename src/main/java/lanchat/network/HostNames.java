package lanchat.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Host names and address literals as they come in URLs and {@code Host} headers, compared
 * in one form. Nothing here ever asks DNS: a name from a request must not make the server
 * look anything up.
 */
final class HostNames {

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

	private HostNames() {
	}

	/**
	 * {@code [FD00::2]}, {@code Chat.Home.Lan.} and {@code fe80::1%eth0} as
	 * {@code fd00::2}, {@code chat.home.lan} and {@code fe80::1}: no brackets, no
	 * trailing dot, no zone, lower case.
	 */
	static String canonical(String host) {
		String text = host.strip().toLowerCase(Locale.ROOT);
		if (text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1);
		}
		int zone = text.indexOf('%');
		if (zone >= 0) {
			text = text.substring(0, zone);
		}
		while (text.endsWith(".")) {
			text = text.substring(0, text.length() - 1);
		}
		return text;
	}

	/**
	 * The address written in {@code host} (canonical form), or {@code null} when it is a
	 * name.
	 */
	static @Nullable InetAddress ipLiteral(String host) {
		String text = canonical(host);
		if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
			return null;
		}
		try {
			// a literal: the JDK parses it without a look-up
			return InetAddress.getByName(text.contains(":") ? "[" + text + "]" : text);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}
