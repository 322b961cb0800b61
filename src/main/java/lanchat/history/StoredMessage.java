package lanchat.history;

import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;

/**
 * A message as history holds it, with whom it is for: what a node needs to deliver a
 * message that another node stored.
 *
 * @param message the message, with its id
 * @param senderId the sender's identity
 * @param recipientId the recipient's identity for a private message; {@code null} for a
 * public one
 */
public record StoredMessage(ServerMessage message, long senderId, @Nullable Long recipientId) {

	public long id() {
		Long id = message.id();
		if (id == null) {
			throw new IllegalStateException("a stored message has an id");
		}
		return id;
	}

}
