package lanchat.network;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The names and addresses that are this server's own on the LAN: its host name and
 * {@code <host name>.local} (mDNS), {@code localhost}, every address of its interfaces,
 * the public URL's host and the configured {@code lanchat.allowed-hosts}. The
 * {@code Host} check accepts these and nothing else, and the HTTPS certificates name
 * them.
 */
@Component
public class OwnNames {

	private final List<String> names;

	private final Set<InetAddress> configuredAddresses;

	/**
	 * Interface addresses seen in {@code Host} headers; only real ones get in, so it
	 * stays small.
	 */
	private final Set<InetAddress> confirmedAddresses = ConcurrentHashMap.newKeySet();

	OwnNames(NetworkProperties network) {
		String machineName = machineName();
		Set<String> all = new LinkedHashSet<>();
		Set<InetAddress> addresses = new LinkedHashSet<>();
		if (machineName != null) {
			String name = HostNames.canonical(machineName);
			if (!name.isEmpty() && HostNames.ipLiteral(name) == null) {
				all.add(name);
				String shortName = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
				all.add(shortName);
				all.add(shortName + ".local");
			}
		}
		all.add("localhost");
		List<String> extra = new ArrayList<>(network.allowedHosts());
		if (network.publicHost() != null) {
			extra.add(0, network.publicHost());
		}
		for (String host : extra) {
			InetAddress literal = HostNames.ipLiteral(host);
			if (literal != null) {
				addresses.add(literal);
			}
			else {
				all.add(host);
			}
		}
		this.names = List.copyOf(all);
		this.configuredAddresses = Set.copyOf(addresses);
	}

	/**
	 * DNS names, lower case: the host name first, then its mDNS form, localhost and the
	 * configured ones.
	 */
	public List<String> names() {
		return names;
	}

	/**
	 * The addresses a certificate should name: the LAN addresses as they are now (they
	 * may change while the server runs), loopback, and configured ones.
	 */
	public List<InetAddress> addresses() {
		Set<InetAddress> all = new LinkedHashSet<>(LanAddresses.find(null));
		all.add(InetAddress.getLoopbackAddress());
		try {
			all.add(InetAddress.getByName("::1"));
		}
		catch (UnknownHostException ex) {
			// no IPv6 on this machine
		}
		all.addAll(configuredAddresses);
		return List.copyOf(all);
	}

	/**
	 * Whether {@code host} (a {@code Host} header's host part or a URL's host: any case,
	 * IPv6 with or without brackets, perhaps a trailing dot) names this server. Never
	 * looks anything up in DNS.
	 */
	public boolean accepts(String host) {
		String canonical = HostNames.canonical(host);
		InetAddress literal = HostNames.ipLiteral(canonical);
		if (literal == null) {
			// RFC 6761: *.localhost always means this machine, and browsers resolve it so
			// themselves
			return names.contains(canonical) || canonical.endsWith(".localhost");
		}
		if (literal.isLoopbackAddress() || configuredAddresses.contains(literal)
				|| confirmedAddresses.contains(literal)) {
			return true;
		}
		if (isInterfaceAddress(literal)) {
			confirmedAddresses.add(literal);
			return true;
		}
		return false;
	}

	private static boolean isInterfaceAddress(InetAddress address) {
		try {
			return NetworkInterface.getByInetAddress(address) != null;
		}
		catch (SocketException ex) {
			return false;
		}
	}

	private static @Nullable String machineName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			// no name resolves for this machine: its addresses still do
			return null;
		}
	}

}
