package lanchat.moderation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import lanchat.admission.OpenConnections;
import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.identity.ChatUser;
import lanchat.protocol.ErrorCode;
import lanchat.security.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Kicks for the nodes of a cluster that missed their notice (the broker was away): the
 * kicking node notes each in the database, and at its catch-up every node closes, once
 * per kick, its connections of that identity that were let in before it; ones that came
 * back since stay. A kick's time is the database's, and each node compares it with its
 * own clock through the difference it measures at each catch-up, so nodes whose clocks
 * disagree still agree on what came before a kick.
 */
@Component
class MissedKicks {

	private static final Logger log = LoggerFactory.getLogger(MissedKicks.class);

	/**
	 * How long a kick is kept: a node whose database was out of reach longer than that
	 * lets the kicked connections be.
	 */
	static final Duration KEPT = Duration.ofMinutes(10);

	private final ModerationStore store;

	private final OpenConnections connections;

	private final Delivery delivery;

	private final Clock clock;

	/** The latest kick of each identity that this node made or acted on, by its time. */
	private final Map<Long, Instant> handled = new ConcurrentHashMap<>();

	MissedKicks(ModerationStore store, OpenConnections connections, Delivery delivery, Clock clock) {
		this.store = store;
		this.connections = connections;
		this.delivery = delivery;
		this.clock = clock;
	}

	/** Notes a kick this node made; its own connections were closed at once. */
	void note(ChatUser target) {
		try {
			Instant at = store.now();
			store.kick(target.identityId(), at);
			handled.merge(target.identityId(), at, (one, other) -> one.isAfter(other) ? one : other);
		}
		catch (DataAccessException unreachable) {
			log.warn("Kick of {} not noted for nodes that miss its notice: {}", LogText.of(target.username()),
					unreachable.getMessage());
		}
	}

	/**
	 * Acts on the kicks made elsewhere since the last call and forgets those older than
	 * {@link #KEPT}; a database out of reach leaves them for the next call.
	 */
	void catchUp() {
		try {
			Instant asked = clock.instant();
			Instant databaseNow = store.now();
			Instant answered = clock.instant();
			// how far the database's clock is ahead of this node's, to within half the
			// query
			Duration ahead = Duration.between(asked.plus(Duration.between(asked, answered).dividedBy(2)), databaseNow);
			Instant oldest = databaseNow.minus(KEPT);
			store.kicksSince(oldest).forEach((identityId, kickedAt) -> {
				Instant known = handled.get(identityId);
				if (known == null || known.isBefore(kickedAt)) {
					handled.put(identityId, kickedAt);
					close(identityId, kickedAt.minus(ahead));
				}
			});
			handled.values().removeIf(kickedAt -> kickedAt.isBefore(oldest));
			store.forgetKicksBefore(oldest);
		}
		catch (DataAccessException unreachable) {
			log.debug("Kicks not read again: {}", unreachable.getMessage());
		}
	}

	private void close(long identityId, Instant kickedHere) {
		List<Connection> open = connections.of(identityId, kickedHere);
		if (!open.isEmpty()) {
			log.info("Closed {} connection(s) of identity {} let in before its kick on another node", open.size(),
					identityId);
			open.forEach(connection -> delivery.close(connection, ErrorCode.KICKED, ModerationService.KICKED));
		}
	}

}
