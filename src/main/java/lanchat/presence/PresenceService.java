package lanchat.presence;

import java.time.Instant;

import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.identity.IdentityService;
import lanchat.protocol.PresenceStatus;
import lanchat.protocol.ServerMessage;
import lanchat.security.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Announces who comes and goes: the seed's join and leave notifications in the room, and
 * presence events for online lists. When several nodes serve the room, a
 * {@link PresenceRelay} decides joins and leaves from every node's connections, and each
 * node announces them to its own.
 */
@Service
public class PresenceService implements Presence {

	private static final Logger log = LoggerFactory.getLogger(PresenceService.class);

	private final PresenceTracker tracker;

	private final Delivery delivery;

	private final IdentityService identities;

	/** Set once, when a cluster starts; a single node never has one. */
	private volatile @Nullable PresenceRelay relay;

	/**
	 * Set once this node has told its connections that it is shutting down: each of them
	 * is about to be closed, so none is told of the others' leaves.
	 */
	private volatile boolean shuttingDown;

	PresenceService(PresenceTracker tracker, Delivery delivery, IdentityService identities) {
		this.tracker = tracker;
		this.delivery = delivery;
		this.identities = identities;
	}

	/** Lets {@code relay} decide joins and leaves from now on (cluster mode). */
	public void relayThrough(PresenceRelay relay) {
		this.relay = relay;
		tracker.spanNodes(relay);
	}

	/**
	 * From now on, this node's connections hear of no joins and leaves: every one of them
	 * was told that the server is shutting down and is about to be closed. Without this,
	 * a room of n closed at shutdown is n²/2 leave notices (12.5 million for 5,000
	 * people, seconds of a small server's stop) that nobody reads. Who is here is still
	 * tracked, the times seen are still noted, and in a cluster the other nodes still
	 * announce this node's leaves to their own connections.
	 */
	public void shuttingDown() {
		shuttingDown = true;
	}

	@Override
	public void connected(Connection connection) {
		Instant now = ServerMessage.now();
		boolean first = tracker.join(connection, now);
		PresenceRelay cluster = relay;
		if (cluster != null) {
			if (first) {
				identities.seenNow(connection.user());
			}
			cluster.connected(connection, now);
		}
		else if (first) {
			// no need to note the time here: on one node, a name is never released while
			// its owner is online, and after a crash the offline time counts from the
			// restart (IdentityService), so the leave is what counts; it saves a commit
			// per join
			announceJoined(connection.user().username());
		}
	}

	@Override
	public void disconnected(Connection connection) {
		boolean last = tracker.leave(connection);
		PresenceRelay cluster = relay;
		if (cluster != null) {
			if (last) {
				identities.seenNow(connection.user());
			}
			cluster.disconnected(connection);
		}
		else if (last) {
			identities.seen(connection.user());
			announceLeft(connection.user().username());
		}
	}

	/** Tells this node's connections that someone has joined the room. */
	public void announceJoined(String name) {
		log.info("{} joined", LogText.of(name));
		if (shuttingDown) {
			return;
		}
		delivery.toRoomHere(ServerMessage.notification(name, name + " has joined the chat!"), null);
		delivery.presenceHere(ServerMessage.presence(name, PresenceStatus.ONLINE));
	}

	/** Tells this node's connections that someone has left the room. */
	public void announceLeft(String name) {
		log.info("{} left", LogText.of(name));
		if (shuttingDown) {
			return;
		}
		delivery.toRoomHere(ServerMessage.notification(name, name + " has left the chat."), null);
		delivery.presenceHere(ServerMessage.presence(name, PresenceStatus.OFFLINE));
	}

	public void setStatus(Connection connection, PresenceStatus status) {
		Instant now = ServerMessage.now();
		boolean changed = tracker.setStatus(connection.user(), status, now);
		PresenceRelay cluster = relay;
		if (cluster != null) {
			cluster.statusSet(connection.user(), status, now);
		}
		else if (changed) {
			delivery.presence(ServerMessage.presence(connection.user().username(), status));
		}
	}

}
