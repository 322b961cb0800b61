package lanchat.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HTTPS on the LAN with certificates the server makes for itself, in one of two ways.
 *
 * @param selfSigned when true, a self-signed certificate for this machine's names and
 * addresses (valid 825 days, renewed before it expires or when an address changes; each
 * one is a warning to accept) is kept in the data directory, and HTTPS/WSS is served on
 * {@code port} besides HTTP
 * @param localCa when true, the better way: a local certificate authority is made once,
 * the server's certificates are signed by it (and renewed by themselves), and the invite
 * view offers the CA for each device to trust once; then HTTPS works with no warning.
 * HTTPS/WSS is served on {@code port}
 * @param port the HTTPS port; 0 picks a free one
 */
@ConfigurationProperties("lanchat.tls")
record TlsProperties(@DefaultValue("false") boolean selfSigned, @DefaultValue("false") boolean localCa,
		@DefaultValue("8443") int port) {

	TlsProperties {
		if (selfSigned && localCa) {
			throw new IllegalArgumentException("lanchat.tls.self-signed and lanchat.tls.local-ca are two ways to make "
					+ "the HTTPS certificate: set only one of them (local-ca is the one phones accept without a warning)");
		}
	}

}
