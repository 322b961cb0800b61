package lanchat.web;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import lanchat.LanchatProperties;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.stereotype.Component;

/**
 * How many WebSockets may be open: {@code lanchat.limits.connections-per-address} from one network
 * address and {@code max-connections} in all. Every open WebSocket is counted from when it opens until it
 * closes, refused or not, so a refused one still holds its place until the server has closed it.
 */
@Component
class ConnectionLimits {

	private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	private final int maxPerAddress;

	private final int maxInAll;

	ConnectionLimits(LanchatProperties properties) {
		this.maxPerAddress = properties.limits().connectionsPerAddress();
		this.maxInAll = properties.limits().maxConnections();
	}

	/** Counts a connection that just opened; says why it must be refused, if it must. */
	Optional<Refusal> opened(String address) {
		int fromAddress = perAddress.merge(address, 1, Integer::sum);
		int inAll = open.incrementAndGet();
		if (fromAddress > maxPerAddress) {
			return Optional.of(new Refusal(ErrorCode.TOO_MANY_CONNECTIONS,
					"too many connections from your address (at most " + maxPerAddress + ")"));
		}
		if (inAll > maxInAll) {
			return Optional.of(new Refusal(ErrorCode.SERVER_FULL, "the chat is full (" + maxInAll + " connections)"));
		}
		return Optional.empty();
	}

	/** Counts a connection that {@link #opened} counted out again. */
	void closed(String address) {
		open.decrementAndGet();
		perAddress.computeIfPresent(address, (from, count) -> count > 1 ? count - 1 : null);
	}

}
