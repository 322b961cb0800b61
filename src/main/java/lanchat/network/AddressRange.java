package lanchat.network;

import java.net.InetAddress;
import java.util.List;

/**
 * An address or a CIDR range as {@link NetworkProperties} keeps them
 * ({@code 127.0.0.1/32}, {@code fd00::/8}).
 */
public final class AddressRange {

	/** The range's first address, as bytes. */
	private final byte[] network;

	/** How many leading bits an address must share with it. */
	private final int bits;

	private AddressRange(byte[] network, int bits) {
		this.network = network;
		this.bits = bits;
	}

	/**
	 * Parses a range as {@link NetworkProperties} has made it: an address literal, a
	 * slash, a prefix length.
	 */
	public static AddressRange of(String cidr) {
		int slash = cidr.indexOf('/');
		InetAddress address = HostNames.ipLiteral(cidr.substring(0, slash));
		if (address == null) {
			throw new IllegalArgumentException("not an address range: " + cidr);
		}
		return new AddressRange(address.getAddress(), Integer.parseInt(cidr.substring(slash + 1)));
	}

	/** The trusted proxies of {@code lanchat.trusted-proxies}. */
	public static List<AddressRange> trustedProxies(NetworkProperties network) {
		return network.trustedProxies().stream().map(AddressRange::of).toList();
	}

	public boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		if (candidate.length != network.length) {
			return false;
		}
		for (int bit = 0; bit < bits; bit++) {
			int mask = 0x80 >>> (bit % 8);
			if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
				return false;
			}
		}
		return true;
	}

}
