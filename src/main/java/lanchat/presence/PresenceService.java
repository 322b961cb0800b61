package lanchat.presence;

import java.time.Instant;

import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.identity.IdentityService;
import lanchat.protocol.PresenceStatus;
import lanchat.protocol.ServerMessage;
import lanchat.security.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Announces who comes and goes: the seed's join and leave notifications in the room, and presence
 * events for online lists.
 */
@Service
public class PresenceService implements Presence {

	private static final Logger log = LoggerFactory.getLogger(PresenceService.class);

	private final PresenceTracker tracker;

	private final Delivery delivery;

	private final IdentityService identities;

	PresenceService(PresenceTracker tracker, Delivery delivery, IdentityService identities) {
		this.tracker = tracker;
		this.delivery = delivery;
		this.identities = identities;
	}

	@Override
	public void connected(Connection connection) {
		Instant now = ServerMessage.now();
		if (tracker.join(connection, now)) {
			String name = connection.user().username();
			identities.seen(connection.user());
			log.info("{} joined ({})", LogText.of(name), connection.transport());
			delivery.toRoom(ServerMessage.notification(name, name + " has joined the chat!"), null);
			delivery.presence(ServerMessage.presence(name, PresenceStatus.ONLINE));
		}
	}

	@Override
	public void disconnected(Connection connection) {
		if (tracker.leave(connection)) {
			String name = connection.user().username();
			identities.seen(connection.user());
			log.info("{} left ({})", LogText.of(name), connection.transport());
			delivery.toRoom(ServerMessage.notification(name, name + " has left the chat."), null);
			delivery.presence(ServerMessage.presence(name, PresenceStatus.OFFLINE));
		}
	}

	public void setStatus(Connection connection, PresenceStatus status) {
		if (tracker.setStatus(connection.user(), status, ServerMessage.now())) {
			delivery.presence(ServerMessage.presence(connection.user().username(), status));
		}
	}

}
