package lanchat.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HTTPS on the LAN with a certificate the server makes for itself.
 *
 * @param selfSigned when true, a self-signed certificate for this machine's names and addresses is made on
 * first start (and kept in the data directory), and HTTPS/WSS is served on {@code port} besides HTTP
 * @param port the HTTPS port; 0 picks a free one
 */
@ConfigurationProperties("lanchat.tls")
record TlsProperties(@DefaultValue("false") boolean selfSigned, @DefaultValue("8443") int port) {
}
