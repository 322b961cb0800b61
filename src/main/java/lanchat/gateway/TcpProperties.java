package lanchat.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code lanchat.tcp.*} settings.
 *
 * @param enabled whether the gateway listens at all
 * @param port where it listens; the seed's clients hard-code 12345, and 0 picks a free port (logged)
 */
@ConfigurationProperties("lanchat.tcp")
record TcpProperties(@DefaultValue("true") boolean enabled, @DefaultValue("12345") int port) {
}
