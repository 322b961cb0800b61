package lanchat.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The TCP connections that have joined the room, by connection id. Only these receive messages.
 */
@Component
class TcpConnections {

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

	int count() {
		return joined.size();
	}

}
