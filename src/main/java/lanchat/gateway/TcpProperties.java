package lanchat.gateway;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code lanchat.tcp.*} settings.
 *
 * @param enabled whether the gateway listens at all
 * @param port where it listens; the seed's clients hard-code 12345, and 0 picks a free
 * port (logged)
 * @param address the network address it listens on; unset means the web server's
 * {@code server.address}, and when that is unset too, every interface
 */
@ConfigurationProperties("lanchat.tcp")
record TcpProperties(@DefaultValue("true") boolean enabled, @DefaultValue("12345") int port,
		@Nullable InetAddress address) {
}
