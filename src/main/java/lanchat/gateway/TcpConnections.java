package lanchat.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The open TCP connections, by connection id, from accept to close. Only those that
 * joined receive messages ({@link TcpSession#send}).
 */
@Component
class TcpConnections {

	private final Map<String, TcpSession> open = new ConcurrentHashMap<>();

	void add(TcpSession session) {
		open.put(session.id(), session);
	}

	void remove(TcpSession session) {
		open.remove(session.id(), session);
	}

	@Nullable TcpSession find(String id) {
		return open.get(id);
	}

	/** A snapshot, so delivering never races with joins and leaves. */
	List<TcpSession> all() {
		return List.copyOf(open.values());
	}

}
