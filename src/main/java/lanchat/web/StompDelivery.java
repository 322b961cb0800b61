package lanchat.web;

import lanchat.delivery.Connection;
import lanchat.delivery.DeliveryChannel;
import lanchat.delivery.Transport;
import lanchat.presence.PresenceTracker;
import lanchat.protocol.Destinations;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers to STOMP clients, all through {@link DirectDestinations}: room and presence
 * broadcasts, and messages for one identity (each of its devices) or one connection. Each
 * message is encoded to JSON once, however many subscribers receive it, and written
 * without waiting on any client's socket.
 */
@Component
class StompDelivery implements DeliveryChannel {

	private final JsonMapper json;

	private final PresenceTracker presence;

	private final DirectDestinations destinations;

	StompDelivery(JsonMapper json, PresenceTracker presence, DirectDestinations destinations) {
		this.json = json;
		this.presence = presence;
		this.destinations = destinations;
	}

	@Override
	public void toRoom(ServerMessage message, @Nullable Connection origin) {
		destinations.publish(Destinations.PUBLIC, json.writeValueAsBytes(message));
	}

	@Override
	public void toIdentity(long identityId, ServerMessage message) {
		byte[] body = json.writeValueAsBytes(message);
		for (Connection connection : presence.connections(identityId)) {
			if (connection.transport() == Transport.STOMP) {
				destinations.send(connection.id(), Destinations.USER_PRIVATE, body);
			}
		}
	}

	/**
	 * Private messages go to the connection's private queue, everything else to its
	 * system queue.
	 */
	@Override
	public void toConnection(Connection connection, ServerMessage message) {
		if (connection.transport() == Transport.STOMP) {
			String queue = message.isPrivate() ? Destinations.USER_PRIVATE : Destinations.USER_SYSTEM;
			destinations.send(connection.id(), queue, json.writeValueAsBytes(message));
		}
	}

	@Override
	public void presence(ServerMessage message) {
		destinations.publish(Destinations.PRESENCE, json.writeValueAsBytes(message));
	}

	@Override
	public void close(Connection connection, ErrorCode code, String reason) {
		if (connection.transport() == Transport.STOMP) {
			destinations.sendThenClose(connection.id(), Destinations.USER_SYSTEM,
					json.writeValueAsBytes(ServerMessage.refusal(code, reason)));
		}
	}

}
