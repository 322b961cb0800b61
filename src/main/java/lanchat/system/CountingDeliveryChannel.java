package lanchat.system;

import lanchat.delivery.Connection;
import lanchat.delivery.DeliveryChannel;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Counts what is delivered by sitting beside the real transports: {@code Delivery} hands
 * every message to every channel, so this one sees each exactly once and the transports
 * need no metrics code.
 */
@Component
class CountingDeliveryChannel implements DeliveryChannel {

	private final ChatMetrics metrics;

	CountingDeliveryChannel(ChatMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public void toRoom(ServerMessage message, @Nullable Connection origin) {
		metrics.messageDelivered(message.type());
	}

	@Override
	public void toIdentity(long identityId, ServerMessage message) {
		metrics.messageDelivered(message.type());
	}

	@Override
	public void toConnection(Connection connection, ServerMessage message) {
		metrics.messageDelivered(message.type());
	}

	@Override
	public void presence(ServerMessage message) {
		metrics.messageDelivered(message.type());
	}

	@Override
	public void close(Connection connection, ErrorCode code, String reason) {
		// the transport sends the reason as a system message itself, through its own
		// channel
	}

}
