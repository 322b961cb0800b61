package lanchat.network;

import java.util.List;
import java.util.Locale;

import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Believes {@code X-Forwarded-For}, {@code -Proto} and {@code -Host} from the configured
 * proxies only.
 * <p>
 * {@code server.forward-headers-strategy=native} makes Tomcat take the client's address
 * from those headers, so the per-address limits, address bans, logs, the backup
 * endpoint's loopback check and the {@code Host} check all see the real client. But
 * Tomcat's own default trusts every private address (10/8, 192.168/16, ...), which on a
 * LAN is every client: anyone could claim any address. So the list Tomcat trusts is
 * replaced by {@code lanchat.trusted-proxies} (empty unless set: nobody), and the
 * {@code framework} strategy, which trusts every client, is refused.
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private static final Logger log = LoggerFactory.getLogger(TrustedProxies.class);

	private final List<String> proxies;

	TrustedProxies(NetworkProperties network, Environment environment) {
		this.proxies = network.trustedProxies();
		String strategy = environment.getProperty("server.forward-headers-strategy", "none")
			.strip()
			.toLowerCase(Locale.ROOT);
		if (strategy.equals("framework")) {
			throw new IllegalStateException("server.forward-headers-strategy=framework believes X-Forwarded-For from "
					+ "every client, so anyone could pose as any address; use native with lanchat.trusted-proxies");
		}
		if (strategy.equals("native") && proxies.isEmpty()) {
			log.warn("server.forward-headers-strategy=native but lanchat.trusted-proxies is empty: forwarded headers "
					+ "are ignored from everyone; list the proxy's address there");
		}
		else if (!strategy.equals("native") && !proxies.isEmpty()) {
			log.warn("lanchat.trusted-proxies is set but server.forward-headers-strategy is not native: forwarded "
					+ "headers are ignored; set server.forward-headers-strategy=native");
		}
		else if (!proxies.isEmpty()) {
			log.info("Behind a reverse proxy: X-Forwarded-For, -Proto and -Host are believed from {} only", proxies);
		}
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		for (Valve valve : factory.getEngineValves()) {
			if (valve instanceof RemoteIpValve remoteIp) {
				// Tomcat reads a value with a '/' in it as a list of CIDR ranges; empty
				// trusts nobody
				remoteIp.setInternalProxies(String.join(",", proxies));
				remoteIp.setTrustedProxies(null);
			}
		}
	}

	@Override
	public int getOrder() {
		// after Spring Boot's own customizer has added the valve
		return Ordered.LOWEST_PRECEDENCE;
	}

}
