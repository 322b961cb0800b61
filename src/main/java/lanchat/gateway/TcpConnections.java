package lanchat.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.moderation.ConnectionAddresses;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The TCP connections that have joined the room, by connection id. Only these receive messages.
 */
@Component
class TcpConnections implements ConnectionAddresses {

	private final Map<String, TcpSession> joined = new ConcurrentHashMap<>();

	void add(TcpSession session) {
		joined.put(session.id(), session);
	}

	void remove(TcpSession session) {
		joined.remove(session.id(), session);
	}

	@Nullable TcpSession find(String id) {
		return joined.get(id);
	}

	/** A snapshot, so delivering never races with joins and leaves. */
	List<TcpSession> all() {
		return List.copyOf(joined.values());
	}

	/** How many joined connections come from this address. */
	int countFrom(String address) {
		return (int) joined.values().stream().filter(session -> address.equals(session.address())).count();
	}

	@Override
	public Optional<String> addressOf(Connection connection) {
		TcpSession session = connection.transport() == Transport.TCP ? joined.get(connection.id()) : null;
		return session == null ? Optional.empty() : Optional.of(session.address());
	}

}
