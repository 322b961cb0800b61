package lanchat.web;

import lanchat.delivery.Connection;
import lanchat.delivery.DeliveryChannel;
import lanchat.delivery.Transport;
import lanchat.presence.PresenceTracker;
import lanchat.protocol.Destinations;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers to STOMP clients: room and presence broadcasts through {@link TopicFanout}, messages for one
 * identity or connection through the broker's user destinations. Each message is encoded to JSON once,
 * however many subscribers receive it.
 */
@Component
class StompDelivery implements DeliveryChannel {

	private final SimpMessagingTemplate broker;

	private final JsonMapper json;

	private final StompSessions sessions;

	private final PresenceTracker presence;

	private final TopicFanout fanout;

	StompDelivery(SimpMessagingTemplate broker, JsonMapper json, StompSessions sessions, PresenceTracker presence,
			TopicFanout fanout) {
		this.broker = broker;
		this.json = json;
		this.sessions = sessions;
		this.presence = presence;
		this.fanout = fanout;
	}

	@Override
	public void toRoom(ServerMessage message, @Nullable Connection origin) {
		fanout.publish(Destinations.PUBLIC, json.writeValueAsBytes(message));
	}

	/**
	 * Sends to each of the identity's sessions on its own: Spring's user destinations fail to reach the
	 * second session of a user when publish order is preserved.
	 */
	@Override
	public void toIdentity(long identityId, ServerMessage message) {
		byte[] body = json.writeValueAsBytes(message);
		for (Connection connection : presence.connections(identityId)) {
			if (connection.transport() == Transport.STOMP && sessions.isOpen(connection.id())) {
				broker.send(userDestination(identityId, Destinations.PRIVATE_QUEUE), encoded(body, connection.id()));
			}
		}
	}

	/** Private messages go to the connection's private queue, everything else to its system queue. */
	@Override
	public void toConnection(Connection connection, ServerMessage message) {
		// Spring would send a message for a session that has gone to all of the user's other sessions
		if (connection.transport() == Transport.STOMP && sessions.isOpen(connection.id())) {
			String queue = message.isPrivate() ? Destinations.PRIVATE_QUEUE : Destinations.SYSTEM_QUEUE;
			broker.send(userDestination(connection.user().identityId(), queue), encode(message, connection.id()));
		}
	}

	@Override
	public void presence(ServerMessage message) {
		fanout.publish(Destinations.PRESENCE, json.writeValueAsBytes(message));
	}

	@Override
	public void close(Connection connection, String reason) {
		if (connection.transport() == Transport.STOMP) {
			toConnection(connection, ServerMessage.system(reason));
			sessions.closeSoon(connection.id());
		}
	}

	private static String userDestination(long identityId, String queue) {
		return "/user/" + identityId + queue;
	}

	private Message<byte[]> encode(ServerMessage message, @Nullable String sessionId) {
		return encoded(json.writeValueAsBytes(message), sessionId);
	}

	private static Message<byte[]> encoded(byte[] body, @Nullable String sessionId) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
		if (sessionId != null) {
			// with a session id, the user destination resolves to that one session, not all devices
			headers.setSessionId(sessionId);
		}
		return MessageBuilder.createMessage(body, headers.getMessageHeaders());
	}

}
