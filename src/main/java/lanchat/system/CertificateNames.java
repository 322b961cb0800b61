package lanchat.system;

import java.net.InetAddress;
import java.util.List;

/**
 * What a server certificate must name for every device to accept it.
 *
 * @param names DNS names (host name, its {@code .local} form, localhost, configured
 * names)
 * @param addresses IP addresses (LAN addresses as they are now, loopback, configured
 * ones)
 */
record CertificateNames(List<String> names, List<InetAddress> addresses) {

	CertificateNames {
		names = List.copyOf(names);
		addresses = List.copyOf(addresses);
	}

}
