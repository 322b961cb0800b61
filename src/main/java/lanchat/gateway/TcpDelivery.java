package lanchat.gateway;

import lanchat.delivery.Connection;
import lanchat.delivery.DeliveryChannel;
import lanchat.delivery.Transport;
import lanchat.files.FileLinks;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Delivers to the seed's TCP clients. Each session renders for its own dialect and paces
 * its own writes, so a slow client delays no one else.
 */
@Component
class TcpDelivery implements DeliveryChannel {

	private final TcpConnections connections;

	private final FileLinks files;

	TcpDelivery(TcpConnections connections, FileLinks files) {
		this.connections = connections;
		this.files = files;
	}

	/**
	 * Everyone but the connection it came from: the seed's clients show what they typed
	 * themselves.
	 */
	@Override
	public void toRoom(ServerMessage message, @Nullable Connection origin) {
		ServerMessage text = files.asText(message);
		for (TcpSession session : connections.all()) {
			if (!isOrigin(session, origin)) {
				session.send(text);
			}
		}
	}

	@Override
	public void toIdentity(long identityId, ServerMessage message) {
		ServerMessage text = files.asText(message);
		for (TcpSession session : connections.all()) {
			Connection connection = session.connection();
			if (connection != null && connection.user().identityId() == identityId) {
				session.send(text);
			}
		}
	}

	@Override
	public void toConnection(Connection connection, ServerMessage message) {
		TcpSession session = ours(connection);
		if (session != null) {
			session.send(files.asText(message));
		}
	}

	/**
	 * The seed's clients know nothing of presence; they see joins and leaves as
	 * notifications.
	 */
	@Override
	public void presence(ServerMessage message) {
	}

	@Override
	public void close(Connection connection, ErrorCode code, String reason) {
		TcpSession session = ours(connection);
		if (session != null) {
			session.closeWith(code, reason);
		}
	}

	private @Nullable TcpSession ours(Connection connection) {
		return connection.transport() == Transport.TCP ? connections.find(connection.id()) : null;
	}

	private static boolean isOrigin(TcpSession session, @Nullable Connection origin) {
		return origin != null && origin.transport() == Transport.TCP && origin.id().equals(session.id());
	}

}
