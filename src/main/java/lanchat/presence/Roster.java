package lanchat.presence;

import java.util.List;

/**
 * Who is in the room when several nodes serve it: every node's connections, not only this
 * node's. A single node has none; {@link PresenceTracker} then answers from its own
 * connections.
 */
public interface Roster {

	/** Whether the identity has a connection open on any node. */
	boolean isOnline(long identityId);

	/** Everyone here now, on every node, by name. */
	List<UserStatus> snapshot();

}
