package lanchat.presence;

import java.time.Instant;

import lanchat.delivery.Connection;
import lanchat.identity.ChatUser;
import lanchat.protocol.PresenceStatus;

/**
 * Tells the other nodes of a cluster about this node's connections and statuses. With
 * one, joins and leaves are decided from the whole cluster's connections (an identity has
 * left when its last connection on any node closed), and each node announces them to its
 * own connections ({@link PresenceService#announceJoined},
 * {@link PresenceService#announceLeft}).
 */
public interface PresenceRelay extends Roster {

	void connected(Connection connection, Instant now);

	void disconnected(Connection connection);

	void statusSet(ChatUser user, PresenceStatus status, Instant now);

}
