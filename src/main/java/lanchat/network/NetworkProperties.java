package lanchat.network;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How people and proxies reach the server. Beside {@code LanchatProperties} under the
 * same prefix, so each feature keeps its own settings.
 *
 * @param publicUrl the address people should use, e.g. {@code https://chat.home.lan}: the
 * startup log, the invite view, its QR code and links in text show this instead of the
 * LAN addresses, and its host is one of the server's own names. Unset: the LAN addresses.
 * @param trustedProxies the reverse proxies (addresses or CIDR ranges, e.g.
 * {@code 127.0.0.1}, {@code 172.16.0.0/12}) whose {@code X-Forwarded-*} headers are
 * believed, with {@code server.forward-headers-strategy=native}; from anyone else those
 * headers are ignored. Kept as CIDR ranges ({@code 127.0.0.1/32})
 * @param allowedHosts further names (or addresses) this server answers to in the
 * {@code Host} header, besides its host name, {@code <host name>.local},
 * {@code localhost}, its own addresses and the public URL's host
 */
@ConfigurationProperties("lanchat")
public record NetworkProperties(@Nullable URI publicUrl, @DefaultValue List<String> trustedProxies,
		@DefaultValue List<String> allowedHosts) {

	public NetworkProperties {
		if (publicUrl != null) {
			publicUrl = checkedPublicUrl(publicUrl);
		}
		trustedProxies = trustedProxies.stream()
			.map(String::strip)
			.filter(entry -> !entry.isEmpty())
			.map(NetworkProperties::cidr)
			.toList();
		allowedHosts = allowedHosts.stream().map(HostNames::canonical).filter(entry -> !entry.isEmpty()).toList();
	}

	/**
	 * The public URL's host, without brackets, lower case; {@code null} when no public
	 * URL is set.
	 */
	public @Nullable String publicHost() {
		return publicUrl == null ? null : HostNames.canonical(publicUrl.getHost());
	}

	/**
	 * The page, its API and {@code /ws} all live at the root, so the public URL is a
	 * scheme, a host and perhaps a port: a path would give people links the server does
	 * not answer.
	 */
	private static URI checkedPublicUrl(URI url) {
		String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new IllegalArgumentException(
					"lanchat.public-url must start with http:// or https://, e.g. https://chat.home.lan (got " + url
							+ ")");
		}
		if (url.getHost() == null || url.getHost().isEmpty()) {
			throw new IllegalArgumentException("lanchat.public-url needs a host name or address (got " + url + ")");
		}
		String path = url.getRawPath() == null ? "" : url.getRawPath();
		if (!(path.isEmpty() || path.equals("/")) || url.getRawQuery() != null || url.getRawFragment() != null
				|| url.getRawUserInfo() != null) {
			throw new IllegalArgumentException("lanchat.public-url must be only a scheme, a host and a port "
					+ "(lanchat is served at the root of its host), e.g. https://chat.home.lan (got " + url + ")");
		}
		return URI.create(scheme + "://" + url.getRawAuthority().toLowerCase(Locale.ROOT) + "/");
	}

	/**
	 * {@code 127.0.0.1} as {@code 127.0.0.1/32}, {@code [::1]} as {@code ::1/128}: one
	 * form for Tomcat and the log.
	 */
	private static String cidr(String entry) {
		int slash = entry.indexOf('/');
		InetAddress address = HostNames.ipLiteral(slash < 0 ? entry : entry.substring(0, slash));
		if (address == null) {
			throw new IllegalArgumentException("lanchat.trusted-proxies takes addresses or CIDR ranges "
					+ "(127.0.0.1, 172.16.0.0/12, fd00::/8), not names: \"" + entry + "\"");
		}
		int maximum = address.getAddress().length * 8;
		int bits;
		try {
			bits = slash < 0 ? maximum : Integer.parseInt(entry.substring(slash + 1));
		}
		catch (NumberFormatException ex) {
			bits = -1;
		}
		if (bits < 0 || bits > maximum) {
			throw new IllegalArgumentException("lanchat.trusted-proxies: bad prefix length in \"" + entry + "\"");
		}
		return HostNames.canonical(address.getHostAddress()) + "/" + bits;
	}

}
