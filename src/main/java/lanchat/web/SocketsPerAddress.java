package lanchat.web;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import lanchat.LanchatProperties;
import lanchat.network.AddressRange;
import lanchat.network.NetworkProperties;
import lanchat.security.LogLimiter;
import lanchat.system.ChatMetrics;
import lanchat.web.tomcat.AcceptedConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Open connections to the web server per network address
 * ({@code lanchat.limits.sockets-per-address}): HTTP, HTTPS and WebSockets together,
 * counted as they are accepted, before anything is read. A connection over the limit is
 * closed at once. Without this, one address that opened thousands of connections and sent
 * nothing filled the server's connection count and made the page unreachable for
 * everyone. Trusted reverse proxies ({@code lanchat.trusted-proxies}) are not capped:
 * every client behind them shares their address.
 */
@Component
class SocketsPerAddress implements AcceptedConnections {

	private static final Logger log = LoggerFactory.getLogger(SocketsPerAddress.class);

	private final int limit;

	private final List<AddressRange> proxies;

	private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

	private final ChatMetrics metrics;

	private final LogLimiter lines;

	SocketsPerAddress(LanchatProperties properties, NetworkProperties network, ChatMetrics metrics, Clock clock) {
		this.limit = properties.limits().socketsPerAddress();
		this.proxies = AddressRange.trustedProxies(network);
		this.metrics = metrics;
		this.lines = new LogLimiter(20, Duration.ofSeconds(1), clock);
	}

	@Override
	public boolean opened(InetAddress address) {
		if (isProxy(address)) {
			return true;
		}
		boolean[] refused = { false };
		open.compute(address, (from, count) -> {
			int now = count == null ? 0 : count;
			refused[0] = now >= limit;
			return refused[0] ? count : now + 1;
		});
		if (refused[0]) {
			metrics.frameRefused("connections");
			lines.info(log, "Refused a connection from {}: it has {} open already (lanchat.limits.sockets-per-address)",
					address.getHostAddress(), limit);
		}
		return !refused[0];
	}

	@Override
	public void closed(InetAddress address) {
		if (!isProxy(address)) {
			open.computeIfPresent(address, (from, count) -> count > 1 ? count - 1 : null);
		}
	}

	private boolean isProxy(InetAddress address) {
		return proxies.stream().anyMatch(range -> range.contains(address));
	}

}
