package lanchat.delivery;

import java.util.List;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Sends every outgoing message through every transport. Features talk to this and never
 * to a broker. When several nodes serve one room, a {@link Relay} carries room-wide
 * messages to the others; the {@code ...Here} methods reach this node's own connections
 * only.
 */
@Component
public class Delivery {

	private final List<DeliveryChannel> channels;

	/** Set once, when a cluster starts; a single node never has one. */
	private volatile @Nullable Relay relay;

	Delivery(List<DeliveryChannel> channels) {
		this.channels = List.copyOf(channels);
	}

	/** Sends room-wide messages through {@code relay} from now on (cluster mode). */
	public void relayThrough(Relay relay) {
		this.relay = relay;
	}

	public void toRoom(ServerMessage message, @Nullable Connection origin) {
		Relay through = relay;
		if (through != null) {
			through.toRoom(message, origin);
		}
		else {
			toRoomHere(message, origin);
		}
	}

	/** To this node's connections in the room only. */
	public void toRoomHere(ServerMessage message, @Nullable Connection origin) {
		channels.forEach(channel -> channel.toRoom(message, origin));
	}

	/**
	 * A stored private message, to every connection of its recipient and of its sender
	 * (once if they are one).
	 */
	public void privately(ServerMessage message, long recipientId, long senderId) {
		Relay through = relay;
		if (through != null) {
			through.privately(message, recipientId, senderId);
		}
		else {
			privatelyHere(message, recipientId, senderId);
		}
	}

	/** As {@link #privately}, to this node's connections only. */
	public void privatelyHere(ServerMessage message, long recipientId, long senderId) {
		toIdentity(recipientId, message);
		if (senderId != recipientId) {
			toIdentity(senderId, message);
		}
	}

	/** To this node's connections of one identity. */
	public void toIdentity(long identityId, ServerMessage message) {
		channels.forEach(channel -> channel.toIdentity(identityId, message));
	}

	public void toConnection(Connection connection, ServerMessage message) {
		channels.forEach(channel -> channel.toConnection(connection, message));
	}

	/** A notice or answer for one connection that refuses nothing. */
	public void system(Connection connection, String text) {
		toConnection(connection, ServerMessage.system(text));
	}

	/** Tells one connection why something it asked for was refused. */
	public void refuse(Connection connection, ErrorCode code, String text) {
		toConnection(connection, ServerMessage.refusal(code, text));
	}

	public void presence(ServerMessage message) {
		Relay through = relay;
		if (through != null) {
			through.presence(message);
		}
		else {
			presenceHere(message);
		}
	}

	/** A presence event for this node's followers of presence only. */
	public void presenceHere(ServerMessage message) {
		channels.forEach(channel -> channel.presence(message));
	}

	public void close(Connection connection, ErrorCode code, String reason) {
		channels.forEach(channel -> channel.close(connection, code, reason));
	}

}
