package lanchat.network;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The addresses at which other machines on the network can reach this one: every address
 * of every interface that is up, except loopback. Link-local IPv6 addresses
 * ({@code fe80::}) are left out because a browser cannot open a URL that needs a zone id.
 */
public final class LanAddresses {

	/**
	 * Interfaces that usually lead to containers or tunnels rather than the room's Wi-Fi;
	 * listed last.
	 */
	private static final List<String> VIRTUAL_PREFIXES = List.of("docker", "br-", "veth", "virbr", "lxc", "lxd", "cni",
			"flannel", "podman", "tun", "tap", "wg", "zt", "tailscale", "vmnet", "vboxnet");

	private LanAddresses() {
	}

	/**
	 * The machine's LAN addresses, best first: real interfaces before virtual ones, IPv4
	 * before IPv6, private ranges before public ones. With {@code bound} (from
	 * {@code server.address}) set to one address, that address alone: the server listens
	 * nowhere else.
	 */
	public static List<InetAddress> find(@Nullable InetAddress bound) {
		if (bound != null && !bound.isAnyLocalAddress()) {
			return List.of(bound);
		}
		List<Candidate> candidates = new ArrayList<>();
		try {
			for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (!network.isUp() || network.isLoopback()) {
					continue;
				}
				for (InetAddress address : Collections.list(network.getInetAddresses())) {
					if (usable(address)) {
						candidates.add(new Candidate(address, isVirtual(network.getName())));
					}
				}
			}
		}
		catch (SocketException ex) {
			return List.of();
		}
		boolean ipv4Only = bound instanceof Inet4Address;
		return candidates.stream()
			.filter(candidate -> !ipv4Only || candidate.address() instanceof Inet4Address)
			.sorted(Comparator.comparing(Candidate::virtual)
				.thenComparing(candidate -> candidate.address() instanceof Inet6Address)
				.thenComparing(
						candidate -> !candidate.address().isSiteLocalAddress() && !isUniqueLocal(candidate.address())))
			.map(Candidate::address)
			.distinct()
			.toList();
	}

	public static boolean usable(InetAddress address) {
		return !address.isLoopbackAddress() && !address.isLinkLocalAddress() && !address.isAnyLocalAddress()
				&& !address.isMulticastAddress();
	}

	/** The host part of a URL: IPv6 in brackets, without a zone id. */
	public static String urlHost(InetAddress address) {
		String host = address.getHostAddress();
		int zone = host.indexOf('%');
		if (zone >= 0) {
			host = host.substring(0, zone);
		}
		return address instanceof Inet6Address ? "[" + compress(host) + "]" : host;
	}

	/** {@code fd00:0:0:0:0:0:0:2} as people write it: {@code fd00::2}. */
	static String compress(String ipv6) {
		String[] groups = ipv6.split(":");
		int bestStart = -1;
		int bestLength = 0;
		for (int i = 0; i < groups.length; i++) {
			int length = 0;
			while (i + length < groups.length && groups[i + length].matches("0+")) {
				length++;
			}
			if (length > bestLength && length > 1) {
				bestStart = i;
				bestLength = length;
			}
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < groups.length; i++) {
			if (i == bestStart) {
				out.append(i == 0 ? "::" : ":");
				i += bestLength - 1;
				continue;
			}
			out.append(groups[i].replaceFirst("^0+(?=.)", "").toLowerCase(Locale.ROOT));
			if (i < groups.length - 1) {
				out.append(':');
			}
		}
		return out.toString();
	}

	private static boolean isUniqueLocal(InetAddress address) {
		return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
	}

	private static boolean isVirtual(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return VIRTUAL_PREFIXES.stream().anyMatch(lower::startsWith);
	}

	private record Candidate(InetAddress address, boolean virtual) {
	}

}
