package lanchat.delivery;

import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;

/**
 * Carries what {@link Delivery} is asked to send room-wide to the other nodes of a
 * cluster, which deliver it to their own connections ({@link Delivery#toRoomHere} and the
 * other {@code ...Here} methods). A single node has none, and {@link Delivery} then
 * delivers straight to its own connections.
 */
public interface Relay {

	/**
	 * A public message or notification. A stored message (one with an id) reaches every
	 * node's connections in id order.
	 */
	void toRoom(ServerMessage message, @Nullable Connection origin);

	/**
	 * A stored private message, for every connection of its recipient and of its sender,
	 * in id order.
	 */
	void privately(ServerMessage message, long recipientId, long senderId);

	/** A presence event for everyone who follows presence. */
	void presence(ServerMessage message);

}
