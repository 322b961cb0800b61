package lanchat.admission;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The network an address belongs to, for limits on guessing: an IPv4 address's /24 and an
 * IPv6 address's /64. One machine can take many addresses of its network (an IPv6 host
 * has 2^64), so a limit per exact address would be a limit per attempt.
 */
public final class AddressGroup {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private AddressGroup() {
	}

	/**
	 * {@code 192.168.1.0/24} for {@code 192.168.1.20}; anything that is not an address
	 * stays as it is.
	 */
	public static String of(String address) {
		if (!IPV4.matcher(address).matches() && address.indexOf(':') < 0) {
			// not a literal: never resolve a name
			return address;
		}
		InetAddress parsed;
		try {
			parsed = InetAddress.getByName(address);
		}
		catch (UnknownHostException notAnAddress) {
			return address;
		}
		byte[] bytes = parsed.getAddress();
		if (parsed instanceof Inet4Address) {
			return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
		}
		if (parsed instanceof Inet6Address) {
			StringBuilder group = new StringBuilder();
			for (int i = 0; i < 8; i += 2) {
				group.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
			}
			return group.append(":/64").toString();
		}
		return address;
	}

}
