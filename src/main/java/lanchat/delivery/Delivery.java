package lanchat.delivery;

import java.util.List;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Sends every outgoing message through every transport. Features talk to this and never to a broker.
 */
@Component
public class Delivery {

	private final List<DeliveryChannel> channels;

	Delivery(List<DeliveryChannel> channels) {
		this.channels = List.copyOf(channels);
	}

	public void toRoom(ServerMessage message, @Nullable Connection origin) {
		channels.forEach(channel -> channel.toRoom(message, origin));
	}

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
		channels.forEach(channel -> channel.presence(message));
	}

	public void close(Connection connection, ErrorCode code, String reason) {
		channels.forEach(channel -> channel.close(connection, code, reason));
	}

}
