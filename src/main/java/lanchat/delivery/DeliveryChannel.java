package lanchat.delivery;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;

/**
 * One way of reaching clients. Each transport implements it for its own connections and
 * ignores the others'; {@link Delivery} hands every message to all of them.
 */
public interface DeliveryChannel {

	/**
	 * A public message or notification for everyone in the room.
	 * @param origin the connection it came from, for transports that do not echo (the
	 * seed's TCP clients)
	 */
	void toRoom(ServerMessage message, @Nullable Connection origin);

	/** A private message for every connection of one identity. */
	void toIdentity(long identityId, ServerMessage message);

	/**
	 * A message for one connection alone: a {@code system} reply, or a private message it
	 * missed.
	 */
	void toConnection(Connection connection, ServerMessage message);

	/** A presence event for everyone who follows presence. */
	void presence(ServerMessage message);

	/** Closes a connection, telling it why first. */
	void close(Connection connection, ErrorCode code, String reason);

}
