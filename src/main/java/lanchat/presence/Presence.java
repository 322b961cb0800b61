package lanchat.presence;

import lanchat.delivery.Connection;

/**
 * Who is in the room, as admission tells it: each connection once when it is let in and
 * once when it closes. Joins and leaves are announced per identity.
 */
public interface Presence {

	void connected(Connection connection);

	void disconnected(Connection connection);

}
